package dev.tether.diagnosis;

import dev.tether.config.Redactor;

import java.util.Objects;

/**
 * Why a connection failed: a stable code, a one-line cause (redacted) and a hint.
 *
 * @param code    stable code
 * @param message one-line cause, never containing a credential
 * @param hint    how to fix it
 */
public record Diagnosis(DiagnosisCode code, String message, String hint) {

    public Diagnosis {
        Objects.requireNonNull(code, "code");
        message = Redactor.redact(Objects.requireNonNullElse(message, code.name()));
        hint = Redactor.redact(Objects.requireNonNullElse(hint, code.hint()));
    }

    /** A diagnosis with the code's default hint. */
    public static Diagnosis of(DiagnosisCode code, String message) {
        return new Diagnosis(code, message, code.hint());
    }

    @Override
    public String toString() {
        return code + ": " + message + " (hint: " + hint + ")";
    }
}
