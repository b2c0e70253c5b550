package dev.tether.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A transaction in progress on a connection of its own, handed to a {@link TransactionBody}.
 *
 * <p>Before {@link #multi()}: {@link #watch(String...)} keys, then read them with {@link #sync()}
 * (the replies are real). After {@link #multi()}: commands are queued; the sync view returns
 * {@code null} at once, and the async view's futures complete when tether sends {@code EXEC}
 * after the body returns. A body that throws gets {@code DISCARD}. {@code MULTI}, {@code EXEC}
 * and {@code DISCARD} themselves are refused on these views with {@link CommandRefusedException}.
 *
 * <p>Each command waits at most the command timeout. Not thread-safe: use it from the thread that
 * runs the body, and not after the body returns.
 */
public interface Transaction {
    /** {@code WATCH}: the transaction aborts if another client changes one of these keys before {@code EXEC}. */
    void watch(String... keys);

    /** Starts queuing: every command after this runs atomically at {@code EXEC}. */
    void multi();

    /** Whether {@link #multi()} was called. */
    boolean queuing();

    RedisCommands<String, String> sync();

    RedisAsyncCommands<String, String> async();
}
