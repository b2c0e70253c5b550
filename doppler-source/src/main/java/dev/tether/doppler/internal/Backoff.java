package dev.tether.doppler.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with equal jitter: attempt n waits between half and all of
 * {@code min(cap, base * 2^(n-1))}, so retries from many processes spread out but never stall.
 * Immutable and thread-safe.
 */
public record Backoff(Duration base, Duration cap) {
    /** 250 ms doubling up to 2 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2));

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        long ceiling = cap.toMillis();
        long exp = base.toMillis() << Math.min(attempt - 1, 20);
        long full = Math.min(ceiling, exp);
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }
}
