package dev.tether.redis;

import io.lettuce.core.RedisException;

/**
 * The command was never written to the server, so it was not applied: retrying is safe. Thrown at
 * once (fail fast) when the shared connection is down, or after the configured bounded wait.
 * tether guarantees no command that failed with this exception is ever sent later.
 */
public class RedisNotSentException extends RedisException {
    public RedisNotSentException(String message) {
        super(message);
    }

    public RedisNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
