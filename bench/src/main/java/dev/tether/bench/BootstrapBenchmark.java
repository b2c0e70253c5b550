package dev.tether.bench;

import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start to the first PONG against the same password-protected redis-server: tether (resolve
 * env + 200-line {@code .env}, {@link SharedRedis} start, {@code awaitReady}, {@code PING}) vs raw
 * Lettuce ({@code RedisClient.create}, {@code connect}, {@code PING}). Every invocation builds a new
 * client with its own event loops, as a starting process does.
 *
 * <ul>
 * <li>{@code *FullCycle}: up to the PONG and then close/shutdown, all timed.</li>
 * <li>{@code *ToPong}: up to the PONG only; close/shutdown happens untimed after each invocation.</li>
 * <li>{@link #tetherEnvOnlyToPong}: tether with {@code REDIS_URL} in the environment map and no
 *     {@code .env}: separates the connection layer's cost from config resolution's.</li>
 * </ul>
 * Run with many iterations in one JVM (warm JVM, new client each time) and with
 * {@code -f N -wi 0 -i 1} (first call in a fresh JVM, class loading included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 20)
@Measurement(iterations = 60)
public class BootstrapBenchmark {
    /** Generous: on a loaded 2-core machine a slow bootstrap belongs in the mean, not in a failed run. */
    private static final Duration READY = Duration.ofSeconds(30);

    private TempDir dir;
    private Path dotEnv;
    private Map<String, String> env;
    private Map<String, String> urlOnlyEnv;
    private RedisURI rawUri;

    private SharedRedis openTether;
    private RedisClient openRaw;

    @Setup(Level.Trial)
    public void prepare(RedisServerState redis) {
        dir = new TempDir("tether-bench-bootstrap");
        dotEnv = DotEnvFixture.write(dir.path, "127.0.0.1", redis.server.port(), RedisServerState.PASSWORD);
        env = DotEnvFixture.environment();
        urlOnlyEnv = Map.of("REDIS_URL", redis.uri());
        rawUri = RedisURI.create(redis.uri());
    }

    @TearDown(Level.Invocation)
    public void closeOpen() {
        if (openTether != null) {
            openTether.close();
            openTether = null;
        }
        if (openRaw != null) {
            openRaw.shutdown();
            openRaw = null;
        }
    }

    @TearDown(Level.Trial)
    public void cleanUp() {
        dir.close();
    }

    @Benchmark
    public String tetherFullCycle() {
        SharedRedis redis = startTether();
        try {
            return redis.sync().ping();
        } finally {
            redis.close();
        }
    }

    @Benchmark
    public String rawLettuceFullCycle() {
        RedisClient client = RedisClient.create(rawUri);
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            return connection.sync().ping();
        } finally {
            client.shutdown();
        }
    }

    @Benchmark
    public String tetherToPong() {
        openTether = startTether();
        return openTether.sync().ping();
    }

    @Benchmark
    public String tetherEnvOnlyToPong() {
        var settings = TetherConfig.builder().environment(urlOnlyEnv).systemProperties(Map.of())
                .workingDirectory(dir.path).noDotEnvFile().discoverSources(false)
                .build().resolve().requireValid();
        openTether = SharedRedis.builder(settings).start();
        openTether.awaitReady(READY);
        return openTether.sync().ping();
    }

    @Benchmark
    public String rawLettuceToPong() {
        openRaw = RedisClient.create(rawUri);
        return openRaw.connect().sync().ping();
    }

    private SharedRedis startTether() {
        var settings = TetherConfig.builder().environment(env).systemProperties(Map.of())
                .workingDirectory(dir.path).dotEnvFile(dotEnv).discoverSources(false)
                .build().resolve().requireValid();
        SharedRedis redis = SharedRedis.builder(settings).start();
        redis.awaitReady(READY);
        return redis;
    }
}
