package dev.tether.redis;

/**
 * Receives {@link ConnectionEvent}s, and optionally each command that failed because of the
 * connection. {@link #onEvent} is called on tether's own threads, never while holding a lock;
 * {@link #onCommandFailed} on whichever thread saw the failure. Neither may block. A listener that
 * throws is logged and kept. Not called after {@link SharedRedis#close()}.
 */
@FunctionalInterface
public interface ConnectionListener {
    void onEvent(ConnectionEvent event);

    /**
     * A command on the connection failed because of the connection, not because of Redis, and its
     * caller (sync, async, reactive, or an integration such as Spring Data on the shared connection)
     * got {@code failure}: a {@link RedisNotSentException} (never written), a
     * {@link RedisOutcomeUnknownException} (written, no reply; see its {@code reason()}) or a
     * {@link CommandRefusedException} (refused on the shared connection, nothing sent). Called once per
     * failed command, on the caller's thread or the thread that completed the command, so it must be
     * quick (count, don't log). Default: nothing.
     */
    default void onCommandFailed(RuntimeException failure) {
    }
}
