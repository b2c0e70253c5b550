package dev.tether.redis.internal;

import dev.tether.redis.PubSubConnection;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SubscriptionGap;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link PubSubConnection} on a Lettuce pub/sub connection whose own reconnect is on: Lettuce
 * subscribes again to every channel, pattern and shard channel when the channel comes back
 * ({@code StatefulRedisPubSubConnectionImpl.activated()}), and a PING queued behind those
 * SUBSCRIBEs tells when they are done, which is when the gap is reported. Only subscription
 * commands travel here, and they are idempotent, so Lettuce re-sending them is harmless. On a
 * cluster, shard channels live on their slots' owners and are kept there by {@link ShardSubscriptions}.
 * Thread-safe.
 */
public final class ResubscribingPubSub implements PubSubConnection, RedisConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final Duration timeout;
    private final SubscriptionGaps gaps;
    /** On a cluster; {@code null} on one server, where the connection's own resubscribe covers shard channels. */
    private final ShardSubscriptions shards;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private final Set<String> shardChannels = ConcurrentHashMap.newKeySet();
    private volatile Instant lostAt;
    private volatile SubscriptionGaps.Loss loss;
    private volatile boolean subscribed = true;

    /**
     * @param target          where it connects, for the log
     * @param scheduler       runs the outage line and the shard channels' retries
     * @param refreshTopology asks the cluster client for a topology refresh (rate-limited by the caller); unused on one server
     * @param events          Lettuce's event bus (topology changes); unused on one server
     */
    public ResubscribingPubSub(StatefulRedisPubSubConnection<String, String> connection, Duration timeout, String target,
                               ScheduledExecutorService scheduler, Runnable refreshTopology, io.lettuce.core.event.EventBus events) {
        this.connection = connection;
        this.timeout = timeout;
        this.gaps = new SubscriptionGaps(target, scheduler);
        this.shards = connection instanceof StatefulRedisClusterPubSubConnection<String, String> cluster
                ? new ShardSubscriptions(cluster, scheduler, refreshTopology, gaps, events) : null;
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
    public void ssubscribe(String... names) {
        if (shards == null) {
            await(connection.async().ssubscribe(names), "SSUBSCRIBE");
            shardChannels.addAll(List.of(names));
            return;
        }
        // one per channel: on a cluster the channels of one SSUBSCRIBE must share a slot
        for (String name : names) {
            try {
                await(shards.subscribe(name), "SSUBSCRIBE");
            } catch (RuntimeException e) {
                shards.forget(name);
                throw e;
            }
        }
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
    public void sunsubscribe(String... names) {
        if (shards == null) {
            shardChannels.removeAll(List.of(names));
            await(connection.async().sunsubscribe(names), "SUNSUBSCRIBE");
            return;
        }
        for (String name : names) {
            await(shards.unsubscribe(name), "SUNSUBSCRIBE");
        }
    }

    @Override
    public void addListener(RedisPubSubListener<String, String> listener) {
        connection.addListener(listener);
    }

    @Override
    public void onGap(Consumer<SubscriptionGap> listener) {
        gaps.add(listener);
    }

    @Override
    public boolean isConnected() {
        return connection.isOpen() && subscribed && (shards == null || shards.allPlaced());
    }

    @Override
    public void close() {
        if (shards != null) {
            shards.close();
        }
        connection.close();
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
        subscribed = false;
        if (lostAt == null) {
            lostAt = Instant.now();
            // on a cluster this connection may hold no subscription at all (only shard channels, on other nodes): nothing to miss
            loss = subscribedHere() ? gaps.opened("pub/sub connection", null, () -> lostAt != null && connection.isOpen()) : null;
        }
    }

    /** Whether this connection itself holds subscriptions (on a cluster, shard channels are on the nodes' connections). */
    private boolean subscribedHere() {
        return !channels.isEmpty() || !patterns.isEmpty() || shards == null && !shardChannels.isEmpty();
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
            SubscriptionGaps.Loss ended = loss;
            subscribed = true;
            lostAt = null;
            loss = null;
            if (ended != null) {
                // on a cluster the shard channels are on other nodes' connections: this one's loss did not touch them
                gaps.closed(ended, new SubscriptionGap(lost, Instant.now(), channels, patterns, shards == null ? shardChannels : Set.of()));
            }
        });
    }

    private void await(CompletionStage<?> future, String command) {
        try {
            future.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.TIMEOUT,
                    command + " was not confirmed within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (NeverWritten.test(cause) || String.valueOf(cause.getMessage()).contains("not connected")) {
                throw new RedisNotSentException("not sent: the pub/sub connection is down; " + command + " was not written, retrying is safe", cause);
            }
            throw cause instanceof RuntimeException r ? r : new io.lettuce.core.RedisException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lettuce.core.RedisCommandInterruptedException(e);
        }
    }
}
