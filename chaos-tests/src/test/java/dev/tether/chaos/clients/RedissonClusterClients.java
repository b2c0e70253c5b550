package dev.tether.chaos.clients;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Redisson's {@code useClusterServers().addNodeAddress(...)} and {@code useSentinelServers()} with defaults untouched
 * (3 s timeout, 3 retries, topology scan every 5 s). Only the test CA is trusted for TLS.
 */
final class RedissonClusterClients {
    private RedissonClusterClients() {
    }

    private static String[] addresses(ClusterTarget target) {
        return target.seeds().stream().map(s -> (target.tls() ? "rediss://" : "redis://") + s).toArray(String[]::new);
    }

    static ClusterChaosClient cluster(ClusterTarget target) {
        Config config = new Config();
        config.useClusterServers().addNodeAddress(addresses(target));
        return new Driven(config, target);
    }

    static ClusterChaosClient sentinel(ClusterTarget target) {
        Config config = new Config();
        config.useSentinelServers().setMasterName(target.sentinelMaster()).addSentinelAddress(addresses(target));
        return new Driven(config, target);
    }

    private static final class Driven implements ClusterChaosClient {
        private final Config config;
        private volatile RedissonClient client;

        Driven(Config config, ClusterTarget target) {
            this.config = config;
            if (target.tls()) {
                config.setSslTrustManagerFactory(Trust.forCaFile(target.caFile()));
            }
            if (target.endpoint() != null) {
                config.setAddressResolverGroupFactory((datagram, socket, nameServers) -> target.endpoint().nettyResolver());
            }
        }

        @Override
        public void awaitReady(Duration max) {
            client = Redisson.create(config);
            client.getBucket("tether:ready", StringCodec.INSTANCE).set("1");
        }

        @Override
        public String set(String key, String value) {
            client.<String>getBucket(key, StringCodec.INSTANCE).set(value);
            return "OK";
        }

        @Override
        public long incr(String key) {
            return client.getAtomicLong(key).incrementAndGet();
        }

        @Override
        public String get(String key) {
            return client.<String>getBucket(key, StringCodec.INSTANCE).get();
        }

        @Override
        public void close() {
            RedissonClient c = client;
            if (c != null) {
                ClusterClientKinds.closeWithin(() -> c.shutdown(0, 2, TimeUnit.SECONDS), Duration.ofSeconds(5));
            }
        }
    }
}
