package dev.tether.redis.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts commands sent on one connection and not yet answered, and when the server last answered.
 * The stall watchdog reads it: commands outstanding and no reply for too long means the server (or
 * the path to it) stopped answering. Lock-free; safe for any number of threads.
 */
final class CommandTracker {
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile long busySinceNanos;
    private volatile long lastReplyNanos;
    private volatile long lastDispatchNanos;
    private volatile long silenceAllowedUntilNanos;

    CommandTracker(long nowNanos) {
        this.lastReplyNanos = nowNanos;
        this.lastDispatchNanos = nowNanos;
        this.silenceAllowedUntilNanos = nowNanos;
    }

    void dispatched(long nowNanos) {
        lastDispatchNanos = nowNanos;
        if (outstanding.getAndIncrement() == 0) {
            busySinceNanos = nowNanos;
        }
    }

    /** A command finished: {@code replied} when the server answered (success or a Redis error). */
    void finished(boolean replied, long nowNanos) {
        if (replied) {
            lastReplyNanos = nowNanos;
        }
        outstanding.decrementAndGet();
    }

    int outstanding() {
        return outstanding.get();
    }

    /**
     * A command with a timeout longer than the connection's was sent (a per-call override, a slow
     * script): silence until its deadline is not a stall, so the watchdog cannot fail it early.
     */
    void allowSilenceUntil(long deadlineNanos) {
        if (deadlineNanos - silenceAllowedUntilNanos > 0) {
            silenceAllowedUntilNanos = deadlineNanos;
        }
    }

    /** How long commands have waited with no reply at all; 0 when none is outstanding or silence is allowed. */
    long silentNanos(long nowNanos) {
        if (outstanding.get() <= 0 || nowNanos - silenceAllowedUntilNanos < 0) {
            return 0;
        }
        return nowNanos - Math.max(busySinceNanos, lastReplyNanos);
    }

    /** How long the connection has had no traffic in either direction. */
    long idleNanos(long nowNanos) {
        return outstanding.get() > 0 ? 0 : nowNanos - Math.max(lastReplyNanos, lastDispatchNanos);
    }
}
