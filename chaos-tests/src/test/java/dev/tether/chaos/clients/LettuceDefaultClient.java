package dev.tether.chaos.clients;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.DisconnectedEvent;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * Raw Lettuce as a user writes it: {@code RedisClient.create(uri).connect()}, defaults untouched (60 s command
 * timeout, auto-reconnect, commands queued while disconnected). Only the test CA is trusted for TLS.
 */
final class LettuceDefaultClient implements ChaosClient {
    private final RedisClient client;
    private final RedisURI uri;
    private final List<Long> drops = new CopyOnWriteArrayList<>();
    private final Disposable subscription;
    private volatile StatefulRedisConnection<String, String> connection;

    LettuceDefaultClient(Target target) {
        RedisURI.Builder b = RedisURI.builder().withHost(target.host()).withPort(target.port())
                .withPassword(target.password().get().toCharArray());
        if (target.tls()) {
            b.withSsl(true);
        }
        this.uri = b.build();
        this.client = RedisClient.create(uri);
        if (target.tls()) {
            client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(target.caFile().toFile()).build()).build());
        }
        this.subscription = client.getResources().eventBus().get()
                .filter(DisconnectedEvent.class::isInstance).subscribe(e -> drops.add(System.nanoTime()));
    }

    @Override
    public synchronized void awaitReady(Duration max) {
        if (connection == null) {
            await().atMost(max).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                connection = client.connect();
                return true;
            });
        }
    }

    @Override
    public String set(String key, String value) {
        return connection.sync().set(key, value);
    }

    @Override
    public String get(String key) {
        return connection.sync().get(key);
    }

    @Override
    public Long connectionDroppedAfter(long sinceNanos) {
        return drops.stream().filter(t -> t >= sinceNanos).findFirst().orElse(null);
    }

    @Override
    public void close() {
        subscription.dispose();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
