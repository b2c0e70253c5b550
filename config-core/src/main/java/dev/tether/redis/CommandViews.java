package dev.tether.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The shared connection's views with a timeout of their own, from
 * {@link SharedRedis#withTimeout(java.time.Duration)}: for the one slow script or big {@code SCAN}
 * that needs longer than {@code REDIS_COMMAND_TIMEOUT}. Same refusals and failure guarantees as
 * {@link SharedRedis#sync()}; the stall watchdog does not treat the wait as a stall before that
 * timeout. Thread-safe; cheap to keep.
 */
public interface CommandViews {
    RedisCommands<String, String> sync();

    RedisAsyncCommands<String, String> async();

    RedisReactiveCommands<String, String> reactive();
}
