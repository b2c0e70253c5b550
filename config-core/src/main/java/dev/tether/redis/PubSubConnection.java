package dev.tether.redis;

import io.lettuce.core.pubsub.RedisPubSubListener;

import java.util.function.Consumer;

/**
 * A supervised subscriber connection from {@link SharedRedis#pubSub()}: it reconnects on its own,
 * subscribes again to every channel, pattern and shard channel after each reconnect, and then
 * reports the {@link SubscriptionGap} during which messages may have been missed. Publish on the
 * shared connection ({@code redis.sync().publish(...)}, {@code spublish(...)}); this one only subscribes.
 *
 * <p>Thread-safe. Listeners run on a Netty event loop: hand long work to your own executor.
 */
public interface PubSubConnection extends AutoCloseable {
    /**
     * Subscribes and waits for the server to confirm (at most the command timeout).
     *
     * @throws RedisNotSentException        while disconnected
     * @throws RedisOutcomeUnknownException when the confirmation does not come in time
     */
    void subscribe(String... channels);

    /** Pattern subscription; same guarantees as {@link #subscribe(String...)}. */
    void psubscribe(String... patterns);

    /**
     * Sharded subscription ({@code SSUBSCRIBE}, Redis 7.0+; messages arrive at
     * {@link RedisPubSubListener#smessage}). On a cluster each shard channel is subscribed on the
     * primary that owns its slot, and follows the slot when that primary dies (the cluster promotes
     * a replica) or the slot migrates, with the {@link SubscriptionGap} reported; same guarantees
     * as {@link #subscribe(String...)}.
     *
     * @throws io.lettuce.core.RedisCommandExecutionException when the server has no sharded pub/sub (before 7.0)
     */
    void ssubscribe(String... shardChannels);

    void unsubscribe(String... channels);

    void punsubscribe(String... patterns);

    void sunsubscribe(String... shardChannels);

    /** Receives messages (and subscription confirmations). */
    void addListener(RedisPubSubListener<String, String> listener);

    /** Told after every reconnect once the subscriptions are back, with the window that may have lost messages. */
    void onGap(Consumer<SubscriptionGap> listener);

    /** Whether it is connected and subscribed now. */
    boolean isConnected();

    /** Closes the connection. Idempotent. */
    @Override
    void close();
}
