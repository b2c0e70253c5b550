package dev.tether.bench;

import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisURI;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the bootstrap benchmarks start from, against one {@link RedisServerState}: a 200-line
 * {@code .env} and a container-like environment for tether, the URL alone for tether env-only, and
 * the same URL for raw Lettuce. Not thread-safe; one per benchmark trial.
 */
final class BootstrapInputs implements AutoCloseable {
    /** Generous: on a loaded 2-core machine a slow bootstrap belongs in the mean, not in a failed run. */
    private static final Duration READY = Duration.ofSeconds(30);

    private final TempDir dir;
    private final Path dotEnv;
    private final Map<String, String> env;
    private final Map<String, String> urlOnlyEnv;
    final RedisURI rawUri;

    BootstrapInputs(RedisServerState redis, String prefix) {
        dir = new TempDir(prefix);
        dotEnv = DotEnvFixture.write(dir.path, "127.0.0.1", redis.server.port(), RedisServerState.PASSWORD);
        env = DotEnvFixture.environment();
        urlOnlyEnv = Map.of("REDIS_URL", redis.uri());
        rawUri = RedisURI.create(redis.uri());
    }

    /** Resolves (the {@code .env} and environment, or the URL alone), starts and waits until ready. */
    SharedRedis startTether(boolean withDotEnv) {
        TetherConfig.Builder config = TetherConfig.builder().systemProperties(Map.of()).workingDirectory(dir.path).discoverSources(false);
        if (withDotEnv) {
            config.environment(env).dotEnvFile(dotEnv);
        } else {
            config.environment(urlOnlyEnv).noDotEnvFile();
        }
        SharedRedis redis = SharedRedis.builder(config.build().resolve().requireValid()).start();
        redis.awaitReady(READY);
        return redis;
    }

    @Override
    public void close() {
        dir.close();
    }
}
