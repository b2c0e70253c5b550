package dev.tether.chaos.clients;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's cluster and Sentinel clients as a user writes them: {@code RedisClusterClient.create(seeds).connect()}
 * with defaults (topology refresh off), the same with the reference guide's "all adaptive triggers + periodic refresh"
 * options ({@code enablePeriodicRefresh(10, MINUTES)}, {@code enableAllAdaptiveRefreshTriggers()}), and
 * {@code RedisClient.create("redis-sentinel://...#master").connect()}. Only the test CA is trusted for TLS.
 */
final class LettuceClusterClients {
    private LettuceClusterClients() {
    }

    static ClusterChaosClient clusterDefaults(ClusterTarget target) {
        return cluster(target, null);
    }

    static ClusterChaosClient clusterAdaptive(ClusterTarget target) {
        return cluster(target, ClusterTopologyRefreshOptions.builder().enablePeriodicRefresh(10, TimeUnit.MINUTES)
                .enableAllAdaptiveRefreshTriggers().build());
    }

    private static ClusterChaosClient cluster(ClusterTarget target, ClusterTopologyRefreshOptions refresh) {
        List<RedisURI> seeds = target.seeds().stream()
                .map(s -> RedisURI.builder().withHost(ClusterTarget.host(s)).withPort(ClusterTarget.port(s)).withSsl(target.tls()).build())
                .toList();
        ClientResources.Builder resources = ClientResources.builder();
        if (target.endpoint() != null) {
            resources.addressResolverGroup(target.endpoint().nettyResolver());
        }
        RedisClusterClient client = RedisClusterClient.create(resources.build(), seeds);
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        if (refresh != null) {
            options.topologyRefreshOptions(refresh);
        }
        if (target.tls()) {
            options.sslOptions(SslOptions.builder().trustManager(target.caFile().toFile()).build());
        }
        client.setOptions(options.build());
        return new Driven(() -> client.connect().sync(), () -> client.shutdown(0, 2, TimeUnit.SECONDS));
    }

    static ClusterChaosClient sentinel(ClusterTarget target) {
        RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId(target.sentinelMaster());
        target.seeds().forEach(s -> uri.withSentinel(RedisURI.builder().withHost(ClusterTarget.host(s))
                .withPort(ClusterTarget.port(s)).withSsl(target.tls()).build()));
        uri.withSsl(target.tls());
        RedisClient client = RedisClient.create(uri.build());
        if (target.tls()) {
            client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(target.caFile().toFile()).build()).build());
        }
        return new Driven(() -> {
            StatefulRedisConnection<String, String> c = client.connect();
            return c.sync();
        }, () -> client.shutdown(0, 2, TimeUnit.SECONDS));
    }

    /** Connects on first {@link #awaitReady}; the sync API of either kind of connection. */
    private static final class Driven implements ClusterChaosClient {
        private final java.util.function.Supplier<Object> connect;
        private final Runnable shutdown;
        private volatile Object commands;

        Driven(java.util.function.Supplier<Object> connect, Runnable shutdown) {
            this.connect = connect;
            this.shutdown = shutdown;
        }

        @SuppressWarnings("unchecked")
        private RedisStringCommands<String, String> strings() {
            return (RedisStringCommands<String, String>) commands;
        }

        @Override
        public void awaitReady(Duration max) {
            long end = System.nanoTime() + max.toNanos();
            RuntimeException last = null;
            while (commands == null && System.nanoTime() < end) {
                try {
                    commands = connect.get();
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            if (commands == null) {
                throw new IllegalStateException("lettuce did not connect within " + max, last);
            }
        }

        @Override
        public String set(String key, String value) {
            return strings().set(key, value);
        }

        @Override
        public long incr(String key) {
            return strings().incr(key);
        }

        @Override
        public String get(String key) {
            return strings().get(key);
        }

        @Override
        public void close() {
            ClusterClientKinds.closeWithin(shutdown, Duration.ofSeconds(5));
        }
    }
}
