package dev.tether.redis.internal;

import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/** One physical connection and what tether knows about it. Replaced, never reused, after a loss. */
final class Link {
    final StatefulRedisConnection<String, String> connection;
    final RedisAsyncCommands<String, String> async;
    final CommandTracker tracker;
    final long connectedNanos;
    private volatile RedisOutcomeUnknownException.Reason retiredBecause;
    private volatile Throwable lastError;

    Link(StatefulRedisConnection<String, String> connection, long nowNanos) {
        this.connection = connection;
        this.async = connection.async();
        this.tracker = new CommandTracker(nowNanos);
        this.connectedNanos = nowNanos;
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

    void recordError(Throwable error) {
        lastError = error;
    }

    Throwable lastError() {
        return lastError;
    }
}
