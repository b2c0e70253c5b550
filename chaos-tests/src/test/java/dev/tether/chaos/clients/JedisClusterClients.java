package dev.tether.chaos.clients;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisSentinelPool;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Jedis's {@code JedisCluster(seeds, config)} (defaults: 2 s socket timeout, 5 attempts per command following
 * {@code MOVED}/{@code ASK}, slot cache renewed on redirects and connection errors) and {@code JedisSentinelPool}
 * with defaults. Only the test CA is trusted for TLS.
 */
final class JedisClusterClients {
    private JedisClusterClients() {
    }

    private static JedisClientConfig config(ClusterTarget target) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder();
        if (target.endpoint() != null) {
            b.hostAndPortMapper(target.endpoint()::map);
        }
        if (target.tls()) {
            b.ssl(true).sslSocketFactory(Trust.sslContext(target.caFile()).getSocketFactory());
        }
        return b.build();
    }

    private static Set<HostAndPort> seeds(ClusterTarget target) {
        return target.seeds().stream().map(s -> new HostAndPort(ClusterTarget.host(s), ClusterTarget.port(s)))
                .collect(Collectors.toSet());
    }

    static ClusterChaosClient cluster(ClusterTarget target) {
        JedisCluster cluster = new JedisCluster(seeds(target), config(target));
        return new ClusterChaosClient() {
            @Override
            public void awaitReady(Duration max) {
                cluster.set("tether:ready", "1");
            }

            @Override
            public String set(String key, String value) {
                return cluster.set(key, value);
            }

            @Override
            public long incr(String key) {
                return cluster.incr(key);
            }

            @Override
            public String get(String key) {
                return cluster.get(key);
            }

            @Override
            public void close() {
                ClusterClientKinds.closeWithin(cluster::close, Duration.ofSeconds(5));
            }
        };
    }

    static ClusterChaosClient sentinel(ClusterTarget target) {
        JedisSentinelPool pool = new JedisSentinelPool(target.sentinelMaster(), seeds(target), config(target), config(target));
        return new ClusterChaosClient() {
            private <T> T with(Function<Jedis, T> call) {
                try (Jedis jedis = pool.getResource()) {
                    return call.apply(jedis);
                }
            }

            @Override
            public void awaitReady(Duration max) {
                with(j -> j.set("tether:ready", "1"));
            }

            @Override
            public String set(String key, String value) {
                return with(j -> j.set(key, value));
            }

            @Override
            public long incr(String key) {
                return with(j -> j.incr(key));
            }

            @Override
            public String get(String key) {
                return with(j -> j.get(key));
            }

            @Override
            public void close() {
                ClusterClientKinds.closeWithin(pool::close, Duration.ofSeconds(5));
            }
        };
    }
}
