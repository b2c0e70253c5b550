package dev.tether.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A connection of its own for a blocking consumer ({@code BLPOP}, {@code XREADGROUP ... BLOCK}),
 * which would stall every other user of the shared connection. It reconnects and fails fast like
 * the shared one, but has no stall watchdog (blocking reads legitimately wait). Counted against
 * {@link SharedRedis.Builder#maxDedicatedConnections(int)}; {@link #close()} returns the slot.
 * Thread-safe, but meant for one consumer thread.
 */
public interface DedicatedConnection extends AutoCloseable {
    RedisCommands<String, String> sync();

    RedisAsyncCommands<String, String> async();

    ConnectionState state();

    /** Closes the connection and frees its slot. Idempotent. */
    @Override
    void close();
}
