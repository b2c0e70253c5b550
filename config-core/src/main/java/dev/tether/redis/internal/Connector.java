package dev.tether.redis.internal;

import io.lettuce.core.api.StatefulConnection;

import java.util.concurrent.CompletableFuture;

/**
 * Opens the physical connection a {@link ConnectionSupervisor} supervises: one server's, the
 * primary a Sentinel names now, or a cluster's. Each call to {@link #connect()} is a fresh attempt
 * (a Sentinel connector asks the sentinels again). Thread-safe.
 */
public interface Connector {
    /** Starts one connection attempt. */
    CompletableFuture<StatefulConnection<String, String>> connect();

    /** Where it connects, for logs ({@code host:port}, a seed list, {@code sentinel master 'x'}). */
    String describe();

    /**
     * The server said the topology changed ({@code MOVED}, {@code READONLY}, {@code CLUSTERDOWN}) or
     * a node could not take a command: a cluster connector refreshes its slot map (rate-limited by
     * the caller); others do nothing, the supervisor replaces their connection.
     */
    default void topologyChanged() {
    }

    /**
     * Calls {@code listener} when the deployment says its primary is moving without any reply saying so
     * (a Sentinel failover starting, {@code +promoted-slave}, {@code +switch-master}); the supervisor then retires its
     * connection at once, and its reconnect goes where the connector says.
     */
    default void onPrimaryMoved(Runnable listener) {
    }

    /**
     * What the connector knows about why {@code error} (a command's failure to reach its server) happened,
     * more precisely than the connection's last diagnosis (a cluster's unroutable node address); else {@code null}.
     */
    default dev.tether.diagnosis.Diagnosis diagnose(Throwable error) {
        return null;
    }

    /** Releases what the connector holds (a cluster client, sentinel subscriptions). Idempotent. */
    default void close() {
    }
}
