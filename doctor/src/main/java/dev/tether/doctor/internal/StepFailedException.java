package dev.tether.doctor.internal;

import dev.tether.diagnosis.Diagnosis;

/** Ends a doctor step with its diagnosis. */
final class StepFailedException extends Exception {
    private final transient Diagnosis diagnosis;

    StepFailedException(Diagnosis diagnosis) {
        super(diagnosis.toString(), null, false, false);
        this.diagnosis = diagnosis;
    }

    Diagnosis diagnosis() {
        return diagnosis;
    }
}
