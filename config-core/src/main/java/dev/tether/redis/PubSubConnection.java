package dev.tether.redis;

import io.lettuce.core.pubsub.RedisPubSubListener;

import java.util.function.Consumer;

/**
 * A supervised subscriber connection from {@link SharedRedis#pubSub()}: it reconnects on its own,
 * subscribes again to every channel and pattern after each reconnect, and then reports the
 * {@link SubscriptionGap} during which messages may have been missed. Publish on the shared
 * connection ({@code redis.sync().publish(...)}); this one only subscribes.
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

    void unsubscribe(String... channels);

    void punsubscribe(String... patterns);

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
