package dev.tether.chaos.clients;

import dev.tether.config.Provider;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.SharedRedis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * tether's shared connection with its defaults (2 s command timeout, fail fast while disconnected), its
 * credentials re-read from {@link Target#password()} when the server refuses them.
 */
final class TetherClient implements ChaosClient {
    private final SharedRedis redis;
    private final List<long[]> drops = new CopyOnWriteArrayList<>();

    private TetherClient(Target target) {
        this.redis = SharedRedis.builder(settings(target))
                .credentialsSource(() -> settings(target))
                .listener(this::onEvent)
                .start();
    }

    static ChaosClient open(Target target) {
        return new TetherClient(target);
    }

    private static RedisSettings settings(Target target) {
        RedisSettings.Builder b = RedisSettings.builder().host(target.host()).port(target.port())
                .password(Secret.of(target.password().get())).commandTimeout(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
        if (target.tls()) {
            b.tls(true).tlsCaFile(target.caFile());
        }
        if (target.provider() != null) {
            b.provider(java.util.Arrays.stream(Provider.values()).filter(p -> p.id().equals(target.provider())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown provider " + target.provider())));
        }
        return b.build();
    }

    private void onEvent(ConnectionEvent event) {
        if (event.type() == ConnectionEvent.Type.STALLED || event.type() == ConnectionEvent.Type.DISCONNECTED) {
            drops.add(new long[]{System.nanoTime()});
        }
    }

    @Override
    public void awaitReady(Duration max) {
        redis.awaitReady(max);
    }

    @Override
    public String set(String key, String value) {
        return redis.sync().set(key, value);
    }

    @Override
    public String get(String key) {
        return redis.sync().get(key);
    }

    @Override
    public boolean neverSent(Throwable error) {
        return error instanceof RedisNotSentException;
    }

    @Override
    public boolean signalsNotSent() {
        return true;
    }

    @Override
    public Long connectionDroppedAfter(long sinceNanos) {
        return drops.stream().mapToLong(d -> d[0]).filter(t -> t >= sinceNanos).boxed().findFirst().orElse(null);
    }

    @Override
    public void close() {
        redis.close();
    }
}
