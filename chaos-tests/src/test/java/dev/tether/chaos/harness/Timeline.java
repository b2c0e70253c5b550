package dev.tether.chaos.harness;

import java.util.concurrent.atomic.AtomicIntegerArray;

/** Successful and failed calls per {@value #BUCKET_MILLIS} ms since the traffic started. Lock-free. */
public final class Timeline {
    public static final int BUCKET_MILLIS = 100;
    private static final int MAX_BUCKETS = 6000;

    private final long originNanos;
    private final AtomicIntegerArray ok = new AtomicIntegerArray(MAX_BUCKETS);
    private final AtomicIntegerArray errors = new AtomicIntegerArray(MAX_BUCKETS);

    Timeline(long originNanos) {
        this.originNanos = originNanos;
    }

    void ok(long nanos) {
        ok.incrementAndGet(bucket(nanos));
    }

    void error(long nanos) {
        errors.incrementAndGet(bucket(nanos));
    }

    /** Milliseconds from the origin to {@code nanos}. */
    long millis(long nanos) {
        return (nanos - originNanos) / 1_000_000;
    }

    private int bucket(long nanos) {
        return (int) Math.max(0, Math.min(MAX_BUCKETS - 1, millis(nanos) / BUCKET_MILLIS));
    }

    /** The buckets up to {@code endNanos}: successes. */
    int[] okUntil(long endNanos) {
        return copy(ok, endNanos);
    }

    /** The buckets up to {@code endNanos}: failures. */
    int[] errorsUntil(long endNanos) {
        return copy(errors, endNanos);
    }

    private int[] copy(AtomicIntegerArray source, long endNanos) {
        int[] out = new int[bucket(endNanos) + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = source.get(i);
        }
        return out;
    }
}
