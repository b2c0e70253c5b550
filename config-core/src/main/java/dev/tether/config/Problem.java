package dev.tether.config;

import java.util.Objects;

/**
 * One thing wrong with the settings: a stable code, a severity, the key it concerns (env-var name,
 * or {@code null} when it concerns no single key), a message and a hint on how to fix it. Messages
 * and hints never contain a credential.
 *
 * @param code     stable code
 * @param severity how bad it is
 * @param key      the setting's environment-variable name, e.g. {@code REDIS_URL}, or {@code null}
 * @param message  what is wrong, redacted
 * @param hint     how to fix it, redacted
 */
public record Problem(ProblemCode code, Severity severity, String key, String message, String hint) {

    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        message = Redactor.redact(Objects.requireNonNull(message, "message"));
        // a hint is tether's own text: URLs and tokens in it are masked, but not the words after a key name
        hint = hint == null ? "" : Redactor.redactProductText(hint);
    }

    /** A problem with the code's own severity. */
    public static Problem of(ProblemCode code, String key, String message, String hint) {
        return new Problem(code, code.severity(), key, message, hint);
    }

    /** Whether this problem makes the settings unusable. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code ERROR URL_MALFORMED REDIS_URL: message (hint: ...)}. */
    @Override
    public String toString() {
        return severity + " " + code + (key == null ? "" : " " + key) + ": " + message + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
    }
}
