package dev.tether.config;

import java.time.Duration;

/**
 * Argument checks at tether's public doors (the shape of Failsafe's {@code Assert}): each returns its
 * argument, so that a builder can write {@code this.timeout = Arguments.positive(timeout, "timeout")},
 * and each failure names the argument. Stateless and thread-safe.
 */
public final class Arguments {
    private Arguments() {
    }

    /**
     * @throws IllegalArgumentException {@code "<name> must not be null"} when {@code value} is null
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public static Duration positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
        return d;
    }

    /**
     * @throws IllegalArgumentException when {@code d} is null or negative
     */
    public static Duration nonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + d);
        }
        return d;
    }

    /**
     * @throws IllegalArgumentException when {@code n < min}
     */
    public static int atLeast(int n, int min, String name) {
        if (n < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + n);
        }
        return n;
    }
}
