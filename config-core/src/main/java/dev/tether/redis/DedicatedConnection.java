package dev.tether.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A connection of its own for a blocking consumer ({@code BLPOP}, {@code XREADGROUP ... BLOCK}),
 * which would stall every other user of the shared connection. It reconnects and fails fast like
 * the shared one, but has no stall watchdog (blocking reads legitimately wait).
 *
 * <p>Timeouts: every command waits at most the command timeout
 * ({@code SharedRedis.Builder.dedicatedCommandTimeout}, default {@code REDIS_COMMAND_TIMEOUT});
 * a blocking command waits its own block time plus that timeout, and one that blocks forever
 * ({@code BLPOP 0}) waits until {@link #close()}, which releases it. {@code MULTI}/{@code EXEC}
 * work here with Lettuce's sync semantics (queued commands return {@code null} at once), and the
 * transaction is pinned to its physical connection: if that is lost, later commands fail with
 * {@link RedisNotSentException} instead of running outside the transaction. Prefer
 * {@link SharedRedis#transaction(TransactionBody)}. Per-connection state that a reconnect would drop
 * ({@code SELECT}, {@code CLIENT TRACKING}, subscriptions, auto-flush) is refused with
 * {@link CommandRefusedException}.
 *
 * <p>Counted against {@link SharedRedis.Builder#maxDedicatedConnections(int)}; {@link #close()}
 * returns the slot. Thread-safe, but meant for one consumer thread.
 */
public interface DedicatedConnection extends AutoCloseable {
    RedisCommands<String, String> sync();

    RedisAsyncCommands<String, String> async();

    /** Reactive commands; each subscription uses the connection live at that moment. */
    RedisReactiveCommands<String, String> reactive();

    ConnectionState state();

    /** Closes the connection, fails every waiting caller, and frees its slot. Idempotent. */
    @Override
    void close();
}
