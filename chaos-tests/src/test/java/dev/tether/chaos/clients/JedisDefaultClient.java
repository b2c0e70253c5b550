package dev.tether.chaos.clients;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * Jedis 8's {@link RedisClient} (a pooled client) with its defaults: 2 s socket timeout, a broken connection is
 * dropped from the pool. Jedis publishes no connection events: a {@link JedisConnectionException} is when it
 * closed the socket. Only the test CA is trusted for TLS.
 */
final class JedisDefaultClient implements ChaosClient {
    private final RedisClient client;
    private final List<Long> drops = new CopyOnWriteArrayList<>();

    JedisDefaultClient(Target target) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().password(target.password().get());
        if (target.tls()) {
            config.ssl(true).sslSocketFactory(Trust.sslContext(target.caFile()).getSocketFactory());
        }
        this.client = RedisClient.builder().hostAndPort(new HostAndPort(target.host(), target.port()))
                .clientConfig(config.build()).build();
    }

    @Override
    public void awaitReady(Duration max) {
        await().atMost(max).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> "PONG".equals(client.ping()));
    }

    @Override
    public String set(String key, String value) {
        return observe(() -> client.set(key, value));
    }

    @Override
    public String get(String key) {
        return observe(() -> client.get(key));
    }

    private String observe(java.util.function.Supplier<String> call) {
        try {
            return call.get();
        } catch (JedisConnectionException e) {
            drops.add(System.nanoTime());
            throw e;
        }
    }

    @Override
    public Long connectionDroppedAfter(long sinceNanos) {
        return drops.stream().filter(t -> t >= sinceNanos).findFirst().orElse(null);
    }

    @Override
    public void close() {
        client.close();
    }
}
