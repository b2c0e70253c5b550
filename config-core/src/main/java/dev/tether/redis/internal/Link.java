package dev.tether.redis.internal;

import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;

/**
 * One physical connection and what tether knows about it. Replaced, never reused, after a loss.
 *
 * <p>The command path's contract with the supervisor: before writing a command, call
 * {@link #track(Duration)} with the command's OWN timeout (a per-call override when the caller gave
 * one, else the connection's command timeout; {@code null} for no limit) and call
 * {@link CommandTracker.TrackedCommand#finished(Throwable)} when it completes. The stall watchdog
 * never replaces a connection whose oldest waiting command is still inside its own timeout.
 */
final class Link {
    final StatefulRedisConnection<String, String> connection;
    final RedisAsyncCommands<String, String> async;
    final CommandTracker tracker;
    final long connectedNanos;
    private volatile RedisOutcomeUnknownException.Reason retiredBecause;
    private volatile Throwable lastError;
    private volatile boolean closedByTether;

    Link(StatefulRedisConnection<String, String> connection, long nowNanos, CommandTracker.ReplyObserver replies) {
        this.connection = connection;
        this.async = connection.async();
        this.tracker = new CommandTracker(nowNanos, replies);
        this.connectedNanos = nowNanos;
    }

    /** Registers a command about to be written with its own timeout ({@code null}: no limit). */
    CommandTracker.TrackedCommand track(Duration timeout) {
        return tracker.dispatched(System.nanoTime(), timeout == null ? 0 : timeout.toNanos());
    }

    boolean usable() {
        return retiredBecause == null && connection.isOpen();
    }

    /** Marks the link as closed by tether, with the reason in-flight commands will report. */
    void retire(RedisOutcomeUnknownException.Reason reason) {
        if (retiredBecause == null) {
            retiredBecause = reason;
        }
    }

    RedisOutcomeUnknownException.Reason retiredBecause() {
        return retiredBecause;
    }

    /** Closes the connection on tether's own decision: commands still on it were cut off by tether, not by the peer. */
    void closeByTether() {
        closedByTether = true;
        connection.closeAsync();
    }

    boolean closedByTether() {
        return closedByTether;
    }

    void recordError(Throwable error) {
        lastError = error;
    }

    Throwable lastError() {
        return lastError;
    }
}
