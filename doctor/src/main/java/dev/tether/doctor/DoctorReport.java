package dev.tether.doctor;

import dev.tether.diagnosis.Diagnosis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link Doctor} run: the steps that ran, in order, and the diagnosis of the step
 * that failed, if any. Healthy means every step passed. Immutable and thread-safe; nothing in it
 * contains a credential.
 */
public final class DoctorReport {
    private final List<DoctorStep> steps;
    private final Diagnosis failure;

    /**
     * @param steps   the steps that ran; the last one failed when {@code failure} is present
     * @param failure why the run stopped, or null when healthy
     */
    public DoctorReport(List<DoctorStep> steps, Diagnosis failure) {
        this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        this.failure = failure;
    }

    /** Whether every step passed. */
    public boolean healthy() {
        return failure == null;
    }

    /** The steps that ran, in order. */
    public List<DoctorStep> steps() {
        return steps;
    }

    /** Why the run stopped; empty when healthy. */
    public Optional<Diagnosis> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return (healthy() ? "healthy" : "failed: " + failure) + " " + steps;
    }
}
