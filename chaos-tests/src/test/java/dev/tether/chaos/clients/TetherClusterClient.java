package dev.tether.chaos.clients;

import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.SharedRedis;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * tether's shared connection configured the way a user does it: {@code REDIS_URL} set to the cluster's seed list
 * ({@code redis://n1:p1,n2:p2,...}) or to Lettuce's Sentinel form ({@code redis-sentinel://s1:p1,...#master}), TLS
 * via {@code rediss://} and {@code REDIS_TLS_CA_FILE}, everything else default.
 */
final class TetherClusterClient implements ClusterChaosClient {
    private final SharedRedis redis;

    TetherClusterClient(ClusterTarget target) {
        SharedRedis.Builder builder = SharedRedis.builder(settings(target));
        if (target.endpoint() != null) {
            builder.clientResources(b -> b.addressResolverGroup(target.endpoint().nettyResolver()));
        }
        this.redis = builder.start();
    }

    static RedisSettings settings(ClusterTarget target) {
        String scheme = (target.tls() ? "rediss" : "redis") + (target.isSentinel() ? "-sentinel" : "");
        String url = scheme + "://" + String.join(",", target.seeds()) + (target.isSentinel() ? "#" + target.sentinelMaster() : "");
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", url);
        if (target.tls()) {
            env.put("REDIS_TLS_CA_FILE", target.caFile().toString());
        }
        return TetherConfig.builder().environment(env).systemProperties(Map.of()).workingDirectory(Path.of("target"))
                .classLoader(new URLClassLoader(new URL[0], null)).noDotEnvFile().discoverSources(false).build().resolve().requireValid();
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
    public long incr(String key) {
        return redis.sync().incr(key);
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
    public void close() {
        redis.close();
    }
}
