package dev.tether.redis;

import io.lettuce.core.RedisException;

/**
 * The command was sent but no reply arrived: the connection was lost, the server stalled, or the
 * command timed out. It may or may not have been applied; retry only idempotent commands.
 */
public class RedisOutcomeUnknownException extends RedisException {
    /** Why no reply arrived. */
    public enum Reason {
        /** No reply within the command timeout; the connection is still up. */
        TIMEOUT,
        /** The connection closed (reset, server gone) before the reply. */
        CONNECTION_LOST,
        /** The stall watchdog closed the connection because the server stopped answering. */
        STALLED
    }

    private final Reason reason;

    public RedisOutcomeUnknownException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
