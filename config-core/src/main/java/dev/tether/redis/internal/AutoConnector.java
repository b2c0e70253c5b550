package dev.tether.redis.internal;

import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code REDIS_MODE=auto} with one address: connects as to one server and reads the server's mode
 * from the handshake's {@code HELLO} reply (RESP3: {@code mode} is {@code standalone},
 * {@code cluster} or {@code sentinel}; no extra round trip). When the handshake did not say (RESP2),
 * it asks {@code INFO cluster}. When the server is a cluster node (or a provider's configuration
 * endpoint) it closes that connection and uses the cluster client from then on.
 * Every connect of a single server asks again, so a standalone connection that a {@code MOVED}
 * reply retired (the endpoint became a cluster) comes back as a cluster connection. A server that
 * does not answer {@code INFO} (an ACL without {@code @admin}... it is {@code @dangerous} in
 * Redis 7) is taken as what it seems: one server. Thread-safe.
 */
final class AutoConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final Connector single;
    private final Supplier<ClusterConnector> clusterFactory;
    private final Duration probeTimeout;
    private volatile ClusterConnector cluster;

    AutoConnector(Connector single, Supplier<ClusterConnector> clusterFactory, Duration probeTimeout) {
        this.single = single;
        this.clusterFactory = clusterFactory;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        ClusterConnector c = cluster;
        if (c != null) {
            return c.connect();
        }
        return single.connect().thenCompose(connection -> probe((StatefulRedisConnection<String, String>) connection));
    }

    private CompletableFuture<StatefulConnection<String, String>> probe(StatefulRedisConnection<String, String> connection) {
        String mode = handshakeMode(connection);
        CompletableFuture<Boolean> clusterNode = mode != null ? CompletableFuture.completedFuture(mode.equalsIgnoreCase("cluster")) : askInfo(connection);
        return clusterNode.thenCompose(isCluster -> {
            if (!isCluster) {
                return CompletableFuture.completedFuture(connection);
            }
            connection.closeAsync();
            LOG.info("Redis at {} is a cluster node ({}): using the cluster client (REDIS_MODE=auto)", single.describe(),
                    mode != null ? "HELLO mode:cluster" : "cluster_enabled:1");
            return clusterConnector().connect();
        });
    }

    /** The {@code mode} of the handshake's {@code HELLO} reply; null when the handshake was RESP2 (no HELLO) or it did not say. */
    static String handshakeMode(StatefulRedisConnection<String, String> connection) {
        return connection instanceof StatefulRedisConnectionImpl<?, ?> impl ? impl.getConnectionState().getMode() : null;
    }

    private CompletableFuture<Boolean> askInfo(StatefulRedisConnection<String, String> connection) {
        return connection.async().info("cluster").toCompletableFuture().orTimeout(probeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((info, error) -> info != null && info.contains("cluster_enabled:1"));
    }

    private synchronized ClusterConnector clusterConnector() {
        if (cluster == null) {
            cluster = clusterFactory.get();
        }
        return cluster;
    }

    @Override
    public void topologyChanged() {
        ClusterConnector c = cluster;
        if (c != null) {
            c.topologyChanged();
        }
    }

    @Override
    public String describe() {
        ClusterConnector c = cluster;
        return c != null ? c.describe() : single.describe();
    }

    @Override
    public synchronized void close() {
        single.close();
        if (cluster != null) {
            cluster.close();
        }
    }
}
