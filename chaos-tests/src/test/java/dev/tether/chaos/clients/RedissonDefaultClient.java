package dev.tether.chaos.clients;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.connection.ConnectionListener;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Redisson with {@code useSingleServer().setAddress(uri)} and defaults untouched (3 s timeout, retries, PING
 * every 30 s). Only the test CA is trusted for TLS.
 */
final class RedissonDefaultClient implements ChaosClient {
    private final Config config = new Config();
    private final List<Long> drops = new CopyOnWriteArrayList<>();
    private volatile RedissonClient client;

    RedissonDefaultClient(Target target) {
        config.useSingleServer().setAddress((target.tls() ? "rediss://" : "redis://") + target.host() + ":" + target.port())
                .setPassword(target.password().get());
        if (target.tls()) {
            config.setSslTrustManagerFactory(Trust.forCaFile(target.caFile()));
        }
        config.setConnectionListener(new ConnectionListener() {
            @Override
            public void onConnect(InetSocketAddress address) {
            }

            @Override
            public void onDisconnect(InetSocketAddress address) {
                drops.add(System.nanoTime());
            }
        });
    }

    @Override
    public synchronized void awaitReady(Duration max) {
        if (client == null) {
            await().atMost(max).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                client = Redisson.create(config);
                return true;
            });
        }
    }

    @Override
    public String set(String key, String value) {
        client.getBucket(key, StringCodec.INSTANCE).set(value);
        return "OK";
    }

    @Override
    public String get(String key) {
        return (String) client.getBucket(key, StringCodec.INSTANCE).get();
    }

    @Override
    public Long connectionDroppedAfter(long sinceNanos) {
        return drops.stream().filter(t -> t >= sinceNanos).findFirst().orElse(null);
    }

    @Override
    public void close() {
        RedissonClient c = client;
        if (c != null) {
            c.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
