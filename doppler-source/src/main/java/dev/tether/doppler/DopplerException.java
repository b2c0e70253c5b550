package dev.tether.doppler;

import dev.tether.config.ConfigSourceFailure;
import dev.tether.config.Redactor;

import java.util.List;
import java.util.Objects;

/**
 * Why Doppler secrets could not be supplied: a stable {@link Code}, a message and a fix hint.
 *
 * <p>The message never contains the Doppler token or a secret value; text that Doppler itself sent
 * (its {@code messages}) is passed through {@link Redactor#redact(String)} first. Immutable and
 * thread-safe.
 */
public final class DopplerException extends RuntimeException implements ConfigSourceFailure {
    private static final long serialVersionUID = 1L;

    /** Stable codes, shown by {@code tether config}/{@code doctor} and listed in the module README. */
    public enum Code {
        /** 401: the token is invalid, expired or revoked. */
        DOPPLER_UNAUTHORIZED,
        /** 403: the token may not read this project/config. */
        DOPPLER_FORBIDDEN,
        /** 404: the project or config does not exist. */
        DOPPLER_NOT_FOUND,
        /** 429 still answered when the retry budget ran out, and no usable last-known-good copy. */
        DOPPLER_RATE_LIMITED,
        /** Network errors, timeouts or 5xx past the retry budget, and no usable last-known-good copy. */
        DOPPLER_UNAVAILABLE,
        /** A body that is not the documented JSON (malformed, truncated, wrong shape) or an unexpected status. */
        DOPPLER_BAD_RESPONSE,
        /** The last-known-good copy failed its integrity check (GCM tag) or is not a tether cache file. */
        DOPPLER_CACHE_TAMPERED,
        /**
         * The last-known-good copy would replace a file that is not a tether cache, or lies in a
         * directory other users can write to: it is not written (the secrets are still used).
         */
        DOPPLER_CACHE_UNSAFE,
        /** A {@code DOPPLER_*} bootstrap setting is invalid, e.g. a plain-http API host that is not loopback. */
        DOPPLER_SETTINGS_INVALID
    }

    private final Code code;
    private final String detail;
    private final String hint;
    private final List<String> dopplerMessages;

    /**
     * @param code            the stable code
     * @param message         what happened; must not contain the token (it is redacted again anyway)
     * @param hint            how to fix it
     * @param dopplerMessages Doppler's own {@code messages}, possibly empty
     * @param cause           the underlying failure, or {@code null}
     */
    public DopplerException(Code code, String message, String hint, List<String> dopplerMessages, Throwable cause) {
        super(compose(Objects.requireNonNull(code, "code"), message, dopplerMessages, hint), cause);
        this.code = code;
        this.detail = Redactor.redact(message == null ? "" : message);
        this.hint = hint == null ? "" : hint;
        this.dopplerMessages = dopplerMessages == null ? List.of() : dopplerMessages.stream().map(Redactor::redact).toList();
    }

    /** A failure without Doppler messages or cause. */
    public DopplerException(Code code, String message, String hint) {
        this(code, message, hint, List.of(), null);
    }

    /** The stable code. */
    public Code code() {
        return code;
    }

    /** The code's name, for {@code tether config}'s problem list. */
    @Override
    public String failureCode() {
        return code.name();
    }

    /** What happened, without the code, Doppler's messages and the hint (those have accessors of their own). */
    public String detail() {
        return detail;
    }

    /** How to fix it; may be empty. */
    @Override
    public String hint() {
        return hint;
    }

    /** Doppler's own messages for this failure, redacted; empty when it sent none. */
    public List<String> dopplerMessages() {
        return dopplerMessages;
    }

    private static String compose(Code code, String message, List<String> dopplerMessages, String hint) {
        StringBuilder text = new StringBuilder(code.name()).append(": ").append(message);
        if (dopplerMessages != null && !dopplerMessages.isEmpty()) {
            text.append(" (Doppler says: ").append(String.join("; ", dopplerMessages)).append(')');
        }
        if (hint != null && !hint.isEmpty()) {
            text.append(". Hint: ").append(hint);
        }
        return Redactor.redact(text.toString());
    }
}
