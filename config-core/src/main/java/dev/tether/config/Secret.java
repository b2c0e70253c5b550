package dev.tether.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A credential that never shows itself: {@link #toString()} is always {@code ****}.
 *
 * <p>Immutable and thread-safe. Call {@link #reveal()} only at the point where the value is handed
 * to the driver.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; {@code null} becomes the empty secret. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The empty secret (no credential). */
    public static Secret empty() {
        return EMPTY;
    }

    /** The value itself. Never log or print what this returns. */
    public String reveal() {
        return value;
    }

    /** Whether no credential is set. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time comparison of two secrets. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Secret.class, value.length());
    }

    /** {@code ****} when set, the empty string when not. */
    @Override
    public String toString() {
        return value.isEmpty() ? "" : "****";
    }
}
