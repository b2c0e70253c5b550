package dev.tether.doctor;

import dev.tether.config.Redactor;

import java.util.Objects;

/**
 * One timed step of a {@link Doctor} run, e.g. {@code TCP ok 1 ms 127.0.0.1:6379}. Immutable.
 *
 * @param check  which check the step made
 * @param ok     whether it passed
 * @param millis how long it took
 * @param detail what it found (addresses, TLS protocol and certificate, server version...) or, when
 *               failed, the cause; redacted
 */
public record DoctorStep(DoctorCheck check, boolean ok, long millis, String detail) {

    public DoctorStep {
        Objects.requireNonNull(check, "check");
        if (millis < 0) {
            throw new IllegalArgumentException("millis must be >= 0, was " + millis);
        }
        detail = Redactor.redact(Objects.requireNonNullElse(detail, ""));
    }

    /** The check's printed label ({@code INFO server}); see {@link DoctorCheck#label()}. */
    public String name() {
        return check.label();
    }
}
