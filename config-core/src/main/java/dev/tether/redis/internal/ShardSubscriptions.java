package dev.tether.redis.internal;

import dev.tether.redis.SubscriptionGap;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sharded subscriptions ({@code SSUBSCRIBE}, Redis 7) on Lettuce's cluster pub/sub connection,
 * kept on the primary that owns each shard channel's slot. Lettuce routes an {@code SSUBSCRIBE} by
 * the channel's slot to that node's pub/sub connection, but (lettuce-core 7.7.0) never moves it:
 * when the node dies its connection reconnects to the dead address for ever, and when the slot
 * migrates or the node is demoted the server ends the subscription with an {@code SUNSUBSCRIBE}
 * push that Lettuce only passes on. tether watches both, the node connection's disconnect and an
 * {@code SUNSUBSCRIBE} it did not ask for, and subscribes the channel again through the cluster
 * connection (retrying, with a topology refresh, until the slot's new owner takes it, and at once
 * whenever Lettuce reports a topology change); once every channel lost together is back, one
 * {@link SubscriptionGap} names them. Thread-safe.
 */
final class ShardSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    static final Duration RETRY_MIN = Duration.ofMillis(50);
    /** As often as the topology may be refreshed: a retry after a refresh meets the new owner. */
    static final Duration RETRY_MAX = Duration.ofMillis(500);

    private final StatefulRedisClusterPubSubConnection<String, String> connection;
    private final ScheduledExecutorService scheduler;
    private final Runnable refreshTopology;
    private final SubscriptionGaps gaps;
    /** Every shard channel asked for, and where it is subscribed now. */
    private final Map<String, Placement> placements = new ConcurrentHashMap<>();
    /** Node connections whose disconnect is watched. */
    private final Set<StatefulRedisPubSubConnection<?, ?>> watched = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    // guarded by this: the channels lost together and not back yet
    private final Set<String> lost = new LinkedHashSet<>();
    private final Set<String> lostTogether = new LinkedHashSet<>();
    private Instant lostAt;
    private SubscriptionGaps.Loss loss;
    private boolean retrying;
    private long retryDelayNanos = RETRY_MIN.toNanos();
    private volatile boolean closed;
    private final Disposable topologyEvents;

    /** @param events Lettuce's event bus: a {@link ClusterTopologyChangedEvent} sends the lost channels' SSUBSCRIBEs at once */
    ShardSubscriptions(StatefulRedisClusterPubSubConnection<String, String> connection, ScheduledExecutorService scheduler,
                       Runnable refreshTopology, SubscriptionGaps gaps, EventBus events) {
        this.connection = connection;
        this.scheduler = scheduler;
        this.refreshTopology = refreshTopology;
        this.gaps = gaps;
        this.topologyEvents = events.get().filter(ClusterTopologyChangedEvent.class::isInstance).subscribe(e -> topologyChanged());
        connection.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void ssubscribed(RedisClusterNode node, String channel, long count) {
                placed(node, channel);
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                endedByServer(node, channel);
            }
        });
    }

    /** Where a shard channel is: asked for (no confirmation yet), lost, or on a node (its connection {@code null} when unknown). */
    private record Placement(State state, StatefulRedisPubSubConnection<String, String> node, String address) {
        static final Placement REQUESTED = new Placement(State.REQUESTED, null, null);
        static final Placement LOST = new Placement(State.LOST, null, null);
    }

    private enum State { REQUESTED, LOST, PLACED }

    /**
     * Sends one {@code SSUBSCRIBE} for {@code channel} to its slot's owner (its connection opened first:
     * a command meeting a pending node connection is refused). The future completes with the reply.
     */
    CompletableFuture<Void> subscribe(String channel) {
        placements.putIfAbsent(channel, Placement.REQUESTED);
        return onOwner(channel).thenCompose(ready -> connection.async().ssubscribe(channel).toCompletableFuture());
    }

    /** The subscription failed before it was confirmed: forget it unless it was placed meanwhile. */
    void forget(String channel) {
        placements.remove(channel, Placement.REQUESTED);
    }

    /** Stops following {@code channel}, then sends {@code SUNSUBSCRIBE} to its slot's owner. */
    CompletableFuture<Void> unsubscribe(String channel) {
        placements.remove(channel);
        boolean wasLost;
        synchronized (this) {
            wasLost = lost.remove(channel);
            lostTogether.remove(channel);
        }
        if (wasLost) {
            closeIfAllBack();   // the others lost with it may be back already
        }
        return connection.async().sunsubscribe(channel).toCompletableFuture();
    }

    /** Whether every shard channel asked for is subscribed on a node now. */
    boolean allPlaced() {
        return placements.values().stream().allMatch(p -> p.state() == State.PLACED);
    }

    void close() {
        closed = true;
        topologyEvents.dispose();
    }

    /** The slots may have new owners: try the lost channels now, once (the retry loop keeps its own pace). */
    private void topologyChanged() {
        if (!closed && anyLost()) {
            try {
                // another client's refresh may have seen it first: on failure this connection's topology is refreshed too
                scheduler.execute(() -> send(lostNow()).exceptionally(e -> {
                    refreshTopology.run();
                    return null;
                }));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    private synchronized List<String> lostNow() {
        return new ArrayList<>(lost);
    }

    /** One SSUBSCRIBE per channel, each to its slot's owner; completes when all are answered. */
    private CompletableFuture<Void> send(List<String> channels) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String channel : channels) {
            sent.add(onOwner(channel).thenCompose(ready -> connection.async().ssubscribe(channel).toCompletableFuture())
                    .whenComplete((ok, e) -> {
                        if (e != null) {
                            LOG.debug("SSUBSCRIBE {} again failed: {}", channel, e.toString());
                        }
                    }));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<?> onOwner(String channel) {
        RedisClusterNode owner = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (owner == null || owner.getUri() == null) {
            return CompletableFuture.completedFuture(null);   // uncovered: Lettuce refuses it, the retry asks for a refresh
        }
        RedisURI uri = owner.getUri();
        return connection.getConnectionAsync(uri.getHost(), uri.getPort()).handle((c, e) -> null);
    }

    private void placed(RedisClusterNode node, String channel) {
        if (closed || !placements.containsKey(channel)) {
            return;
        }
        RedisURI uri = node == null ? null : node.getUri();
        if (uri == null) {
            settle(channel, new Placement(State.PLACED, null, "an unknown node"));
            return;
        }
        String address = uri.getHost() + ":" + uri.getPort();
        connection.getConnectionAsync(uri.getHost(), uri.getPort()).whenComplete((nodeConnection, error) -> {
            if (error != null) {
                settle(channel, new Placement(State.PLACED, null, address));
                return;
            }
            watch(nodeConnection, address);
            settle(channel, new Placement(State.PLACED, nodeConnection, address));
            if (!nodeConnection.isOpen()) {
                nodeLost(nodeConnection, address);   // it broke before it was watched
            }
        });
    }

    private void settle(String channel, Placement placement) {
        if (placements.replace(channel, placement) == null) {
            return;   // unsubscribed meanwhile
        }
        boolean wasLost;
        synchronized (this) {
            wasLost = lost.remove(channel);
        }
        if (wasLost) {
            closeIfAllBack();
        }
    }

    /** When no channel of the open loss is still lost: one gap naming the channels lost together. */
    private void closeIfAllBack() {
        SubscriptionGap gap;
        SubscriptionGaps.Loss ended;
        synchronized (this) {
            if (!lost.isEmpty() || lostAt == null) {
                return;
            }
            gap = lostTogether.isEmpty() ? null : new SubscriptionGap(lostAt, Instant.now(), Set.of(), Set.of(), lostTogether);
            ended = loss;
            lostTogether.clear();
            lostAt = null;
            loss = null;
        }
        if (gap != null) {
            gaps.closed(ended, gap);
        } else {
            ended.end();   // every lost channel was unsubscribed: nothing to report
        }
    }

    private void watch(StatefulRedisPubSubConnection<String, String> nodeConnection, String address) {
        if (!watched.add(nodeConnection)) {
            return;
        }
        nodeConnection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
                nodeLost(nodeConnection, address);
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress remote) {
                // Lettuce's reconnect re-sends the node's SSUBSCRIBEs; their confirmations place the channels again
            }
        });
    }

    private void nodeLost(StatefulRedisPubSubConnection<String, String> nodeConnection, String address) {
        List<String> gone = new ArrayList<>();
        placements.forEach((channel, p) -> {
            if (p.node() == nodeConnection && placements.replace(channel, p, Placement.LOST)) {
                gone.add(channel);
            }
        });
        lost(gone, "its node " + address + " is unreachable");
    }

    /** An {@code SUNSUBSCRIBE} tether did not send: the slot moved away from that node, or the node was demoted. */
    private void endedByServer(RedisClusterNode node, String channel) {
        Placement p = placements.get(channel);
        if (closed || p == null || p.state() != State.PLACED || !placements.replace(channel, p, Placement.LOST)) {
            return;
        }
        lost(List.of(channel), "node " + p.address() + " ended it: its slot moved to another node");
    }

    private void lost(List<String> gone, String why) {
        if (gone.isEmpty() || closed) {
            return;
        }
        boolean retry;
        synchronized (this) {
            if (lostAt == null) {   // else it joins the open loss (not reported yet), and the gap starts at its start
                lostAt = Instant.now();
                loss = gaps.opened("sharded subscription(s) " + gone, why, this::anyLost);
            }
            lost.addAll(gone);
            lostTogether.addAll(gone);
            retry = !retrying;
            retrying = true;
            retryDelayNanos = RETRY_MIN.toNanos();
        }
        LOG.debug("sharded subscription(s) {} lost: {}; subscribing again on the slot's owner", gone, why);
        if (retry) {
            schedule(0);
        }
    }

    private synchronized boolean anyLost() {
        return !lost.isEmpty();
    }

    /** Sends {@code SSUBSCRIBE} again for every lost channel; repeats, with a topology refresh, until all are placed. */
    private void resubscribe() {
        List<String> again;
        synchronized (this) {
            again = new ArrayList<>(lost);
            if (again.isEmpty() || closed) {
                retrying = false;
                return;
            }
        }
        send(again).handle((ok, e) -> {
            long delay;
            synchronized (this) {
                if (lost.isEmpty() || closed) {
                    retrying = false;
                    return null;
                }
                delay = retryDelayNanos;
                retryDelayNanos = Math.min(RETRY_MAX.toNanos(), retryDelayNanos * 2);
            }
            if (e != null) {
                refreshTopology.run();   // the slot's owner was down or moved: the next try asks the new topology
            }
            schedule(delay);
            return null;
        });
    }

    private void schedule(long delayNanos) {
        try {
            scheduler.schedule(this::resubscribe, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                retrying = false;   // shutting down
            }
        }
    }
}
