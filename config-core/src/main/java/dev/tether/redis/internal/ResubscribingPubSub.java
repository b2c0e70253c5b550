package dev.tether.redis.internal;

import dev.tether.redis.PubSubConnection;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SubscriptionGap;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link PubSubConnection} on a Lettuce pub/sub connection whose own reconnect is on: Lettuce
 * subscribes again to every channel and pattern when the channel comes back
 * ({@code StatefulRedisPubSubConnectionImpl.activated()}), and a PING queued behind those
 * SUBSCRIBEs tells when they are done, which is when the gap is reported. Only subscription
 * commands travel here, and they are idempotent, so Lettuce re-sending them is harmless.
 * Thread-safe.
 */
public final class ResubscribingPubSub implements PubSubConnection, RedisConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final Duration timeout;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private final List<Consumer<SubscriptionGap>> gapListeners = new CopyOnWriteArrayList<>();
    private volatile Instant lostAt;
    private volatile boolean subscribed = true;

    public ResubscribingPubSub(StatefulRedisPubSubConnection<String, String> connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
        connection.addListener(this);
    }

    @Override
    public void subscribe(String... names) {
        await(connection.async().subscribe(names), "SUBSCRIBE");
        channels.addAll(List.of(names));
    }

    @Override
    public void psubscribe(String... names) {
        await(connection.async().psubscribe(names), "PSUBSCRIBE");
        patterns.addAll(List.of(names));
    }

    @Override
    public void unsubscribe(String... names) {
        channels.removeAll(List.of(names));
        await(connection.async().unsubscribe(names), "UNSUBSCRIBE");
    }

    @Override
    public void punsubscribe(String... names) {
        patterns.removeAll(List.of(names));
        await(connection.async().punsubscribe(names), "PUNSUBSCRIBE");
    }

    @Override
    public void addListener(RedisPubSubListener<String, String> listener) {
        connection.addListener(listener);
    }

    @Override
    public void onGap(Consumer<SubscriptionGap> listener) {
        gapListeners.add(listener);
    }

    @Override
    public boolean isConnected() {
        return connection.isOpen() && subscribed;
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
        subscribed = false;
        if (lostAt == null) {
            lostAt = Instant.now();
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress remote) {
        Instant lost = lostAt;
        if (lost == null) {
            subscribed = true;
            return;
        }
        // Lettuce re-sent the SUBSCRIBEs on activation; a PING behind them completes once they are done
        connection.async().ping().whenComplete((pong, error) -> {
            if (error != null) {
                LOG.debug("pub/sub resubscription check failed: {}", error.toString());
                return;
            }
            subscribed = true;
            lostAt = null;
            SubscriptionGap gap = new SubscriptionGap(lost, Instant.now(), channels, patterns);
            LOG.warn("Redis pub/sub resubscribed to {} channel(s) and {} pattern(s) after {} ms: messages published meanwhile were missed",
                    gap.channels().size(), gap.patterns().size(), gap.duration().toMillis());
            for (Consumer<SubscriptionGap> l : gapListeners) {
                try {
                    l.accept(gap);
                } catch (RuntimeException e) {
                    LOG.warn("subscription gap listener {} threw {}", l, e.toString());
                }
            }
        });
    }

    private void await(RedisFuture<?> future, String command) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.TIMEOUT,
                    command + " was not confirmed within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String m = String.valueOf(cause.getMessage());
            if (m.contains("not connected") || m.contains("Commands are rejected")) {
                throw new RedisNotSentException("not sent: the pub/sub connection is down; " + command + " was not written, retrying is safe", cause);
            }
            throw cause instanceof RuntimeException r ? r : new io.lettuce.core.RedisException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lettuce.core.RedisCommandInterruptedException(e);
        }
    }
}
