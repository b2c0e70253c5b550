package dev.tether.redis.internal;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.redis.ClientSideCache;
import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.PubSubConnection;
import dev.tether.redis.RedisUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The connections whose every command is idempotent (subscriptions, tracked reads): Lettuce's own
 * reconnect, which restores subscriptions, is on for them, on a client of their own created on
 * first use.
 *
 * <p>On a Redis Cluster (the settings say so, or {@code REDIS_MODE=auto} finds {@code cluster_enabled:1})
 * the pub/sub connection is Lettuce's cluster pub/sub connection: classic {@code PUBLISH} reaches
 * every node, so it subscribes on one node, and when that node fails its reconnect goes to another
 * node of the current topology and subscribes again there; shard channels ({@code SSUBSCRIBE}) live
 * on their slots' owners and follow them ({@link ShardSubscriptions}). The client-side cache is refused on a
 * cluster ({@code CLIENT TRACKING} is per node, and a failover moves a slot to a node whose
 * tracking table never saw the keys read before: an entry cached then would never be invalidated).
 * Thread-safe.
 */
public final class SelfHealingConnections {
    private final ClientResources resources;
    private final RedisSettings settings;
    /** Where credentials are re-read at each connect; {@code null}: the settings' own. */
    private final Supplier<RedisSettings> credentialsSource;
    /** The shared connection's last diagnosis, for a failure to connect now. */
    private final Supplier<Diagnosis> lastDiagnosis;
    private volatile RedisClient client;
    private volatile RedisClusterClient clusterClient;
    /** Topology refreshes asked for by lost shard channels: at most one per this (as the shared connection's adaptive ones). */
    static final Duration REFRESH_LIMIT = Duration.ofMillis(500);
    private final java.util.concurrent.atomic.AtomicLong lastRefreshNanos = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - REFRESH_LIMIT.toNanos());

    public SelfHealingConnections(ClientResources resources, RedisSettings settings, Supplier<RedisSettings> credentialsSource,
                                  Supplier<Diagnosis> lastDiagnosis) {
        this.resources = resources;
        this.settings = settings;
        this.credentialsSource = credentialsSource;
        this.lastDiagnosis = lastDiagnosis;
    }

    /** @throws RedisUnavailableException when it cannot connect now */
    public PubSubConnection pubSub() {
        try {
            if (!knownCluster()) {
                StatefulRedisPubSubConnection<String, String> c = client().connectPubSub(StringCodec.UTF8, uri());
                if (!(settings.mode() == RedisMode.AUTO && clusterEnabled(() -> c.sync().info("cluster")))) {
                    return new ResubscribingPubSub(c, settings.commandTimeout(), target(),
                            resources.eventExecutorGroup(), () -> {
                    }, resources.eventBus());
                }
                c.close();
            }
            RedisClusterClient cluster = clusterClient();
            return new ResubscribingPubSub(cluster.connectPubSub(StringCodec.UTF8), settings.commandTimeout(), clusterTarget(),
                    resources.eventExecutorGroup(), this::refreshTopology, resources.eventBus());
        } catch (RedisConnectionException e) {
            throw new RedisUnavailableException("could not open a pub/sub connection to Redis", lastDiagnosis.get(), e);
        }
    }

    /**
     * @throws RedisUnavailableException when it cannot connect now
     * @throws CommandRefusedException   on a Redis Cluster
     */
    public ClientSideCache clientSideCache() {
        if (knownCluster()) {
            throw cacheRefusedOnCluster();
        }
        StatefulRedisConnection<String, String> c;
        try {
            c = client().connect(StringCodec.UTF8, uri());
        } catch (RedisConnectionException e) {
            throw new RedisUnavailableException("could not open a client-side cache connection to Redis", lastDiagnosis.get(), e);
        }
        if (settings.mode() == RedisMode.AUTO && clusterEnabled(() -> c.sync().info("cluster"))) {
            c.close();
            throw cacheRefusedOnCluster();
        }
        return new TrackingCache(c, settings.commandTimeout());
    }

    static CommandRefusedException cacheRefusedOnCluster() {
        return new CommandRefusedException("clientSideCache()", "a Redis Cluster (CLIENT TRACKING is per node: after a failover the "
                + "promoted node never saw the keys read before, so their cached values would never be invalidated)",
                "read through SharedRedis.sync()/async(), or keep a local cache invalidated by messages on SharedRedis.pubSub(), "
                        + "which survives failovers on a cluster");
    }

    private String clusterTarget() {
        return String.join(",", settings.nodes().stream().map(n -> n.host() + ":" + n.port()).toList()) + " (cluster)";
    }

    /** A shard channel's owner was down or moved: ask the pub/sub cluster client for the new topology (at most every 500 ms). */
    private void refreshTopology() {
        long now = System.nanoTime();
        long last = lastRefreshNanos.get();
        RedisClusterClient c = clusterClient;
        if (c != null && now - last >= REFRESH_LIMIT.toNanos() && lastRefreshNanos.compareAndSet(last, now)) {
            c.refreshPartitionsAsync();
        }
    }

    /** The settings alone say cluster: {@code REDIS_MODE=cluster}, or a seed list of more than one address. */
    private boolean knownCluster() {
        return settings.mode() == RedisMode.CLUSTER || settings.mode() == RedisMode.AUTO && settings.nodes().size() > 1;
    }

    private static boolean clusterEnabled(Supplier<String> info) {
        try {
            return info.get().contains("cluster_enabled:1");
        } catch (RuntimeException e) {
            return false;   // a server without INFO cluster (or a proxy refusing it) is not a cluster node
        }
    }

    private RedisClient client() {
        RedisClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = RedisClient.create(resources);
                    c.setOptions(LettuceSetup.clientOptions(settings).mutate().autoReconnect(true).build());
                    client = c;
                }
            }
        }
        return c;
    }

    /** The cluster's topology options (refresh on failover) with Lettuce's own reconnect, which resubscribes. */
    private RedisClusterClient clusterClient() {
        RedisClusterClient c = clusterClient;
        if (c == null) {
            synchronized (this) {
                c = clusterClient;
                if (c == null) {
                    List<RedisURI> seeds = settings.nodes().stream()
                            .map(n -> LettuceSetup.uri(settings, n.host(), n.port(), this::credentials)).toList();
                    c = RedisClusterClient.create(resources, seeds);
                    c.setOptions(ClusterConnector.options(LettuceSetup.clientOptions(settings)));
                    clusterClient = c;
                }
            }
        }
        return c;
    }

    /**
     * Where the connection goes: the one server, or on Sentinel the master the sentinels name, asked at
     * every connect and at every reconnect of Lettuce's, so it follows a failover.
     */
    private RedisURI uri() {
        return settings.mode() == RedisMode.SENTINEL ? LettuceSetup.sentinelUri(settings, this::credentials)
                : LettuceSetup.uri(settings, this::credentials);
    }

    private String target() {
        return settings.mode() == RedisMode.SENTINEL ? "master '" + settings.sentinelMasterId().orElse("?") + "' (Sentinel)"
                : settings.host() + ":" + settings.port();
    }

    private RedisCredentials credentials() {
        return LettuceSetup.credentials(credentialsSource != null ? credentialsSource.get() : settings);
    }

    /** Shuts the clients down (their connections with them) when they were created. */
    public void close() {
        RedisClient c = client;
        if (c != null) {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        RedisClusterClient cc = clusterClient;
        if (cc != null) {
            cc.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
