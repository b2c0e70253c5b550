package dev.tether.redis.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The commands sent on one connection and not yet answered, each with its own timeout, and when
 * the connection last made progress (a reply, or bytes read). The stall watchdog reads it: a
 * connection is suspect only when its oldest waiting command is past its OWN timeout and nothing
 * has arrived for the stall threshold, so a slow script inside its timeout is never a stall.
 *
 * <p>Replies on one connection come in order, so the oldest waiting command is the head of the
 * queue; finished commands are dropped from the head as they finish (amortised O(1)). Lock-free;
 * safe for any number of threads.
 */
final class CommandTracker {
    /** How far apart two commands' tracking may be while their order on the wire is the other way round. */
    static final long WIRE_ORDER_SKEW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final Queue<TrackedCommand> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ReplyObserver observer;
    private volatile long lastProgressNanos;
    private volatile long lastDispatchNanos;

    /** Sees every Redis error reply (topology signals such as {@code READONLY}); called on the thread that completes the command. */
    interface ReplyObserver {
        void errorReply(Throwable error);
    }

    CommandTracker(long nowNanos, ReplyObserver observer) {
        this.lastProgressNanos = nowNanos;
        this.lastDispatchNanos = nowNanos;
        this.observer = observer;
    }

    /**
     * A command is about to be written.
     *
     * @param timeoutNanos the command's own timeout (the per-call override when there is one);
     *                     0 or less for a command that may wait without limit
     */
    TrackedCommand dispatched(long nowNanos, long timeoutNanos) {
        lastDispatchNanos = nowNanos;
        TrackedCommand command = new TrackedCommand(nowNanos, timeoutNanos <= 0 ? Long.MAX_VALUE : nowNanos + timeoutNanos);
        outstanding.incrementAndGet();
        waiting.add(command);
        return command;
    }

    /** Bytes arrived on the connection (a reply may still be incomplete). */
    void progress(long nowNanos) {
        lastProgressNanos = nowNanos;
    }

    int outstanding() {
        return outstanding.get();
    }

    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /**
     * How long the connection has made no progress while its oldest waiting command is past its own
     * timeout; 0 when nothing waits or the oldest command is still within its timeout. Tracking and
     * writing are two steps on the caller's thread, so a command tracked within
     * {@link #WIRE_ORDER_SKEW_NANOS} after the head may be ahead of it on the wire (a slow script with a
     * per-call timeout written just before a plain GET tracked first): the head counts as past its
     * timeout only when those are past theirs too.
     */
    long overdueSilenceNanos(long nowNanos) {
        TrackedCommand head = oldest();
        if (head == null || nowNanos - head.deadlineNanos < 0) {
            return 0;
        }
        for (TrackedCommand c : waiting) {
            if (c.dispatchedNanos - head.dispatchedNanos > WIRE_ORDER_SKEW_NANOS) {
                break;
            }
            if (!c.finished && nowNanos - c.deadlineNanos < 0) {
                return 0;
            }
        }
        return Math.max(0, nowNanos - Math.max(lastProgressNanos, head.dispatchedNanos));
    }

    /**
     * How long until the last of the waiting commands with a limit reaches its own deadline; 0 when
     * none is left inside its timeout. Commands without a limit are not counted.
     */
    long untilLastDeadlineNanos(long nowNanos) {
        long latest = 0;
        for (TrackedCommand c : waiting) {
            if (!c.finished && c.deadlineNanos != Long.MAX_VALUE) {
                latest = Math.max(latest, c.deadlineNanos - nowNanos);
            }
        }
        return latest;
    }

    /** How long the connection has had no traffic in either direction. */
    long idleNanos(long nowNanos) {
        return outstanding.get() > 0 ? 0 : nowNanos - Math.max(lastProgressNanos, lastDispatchNanos);
    }

    private TrackedCommand oldest() {
        TrackedCommand head;
        while ((head = waiting.peek()) != null && head.finished) {
            waiting.remove(head);
        }
        return head;
    }

    /** One command on the wire; {@link #finished(Throwable)} exactly once. */
    final class TrackedCommand {
        final long dispatchedNanos;
        final long deadlineNanos;
        private volatile boolean finished;

        private TrackedCommand(long dispatchedNanos, long deadlineNanos) {
            this.dispatchedNanos = dispatchedNanos;
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * The command completed: {@code error} is {@code null} on success, the Redis error reply
         * ({@code io.lettuce.core.RedisCommandExecutionException}) when the server answered with
         * one, anything else when no reply came.
         */
        void finished(Throwable error) {
            if (finished) {
                return;
            }
            finished = true;
            outstanding.decrementAndGet();
            boolean replied = error == null || error instanceof io.lettuce.core.RedisCommandExecutionException;
            if (replied) {
                lastProgressNanos = System.nanoTime();
            }
            oldest();
            if (error != null && replied && observer != null) {
                observer.errorReply(error);
            }
        }
    }
}
