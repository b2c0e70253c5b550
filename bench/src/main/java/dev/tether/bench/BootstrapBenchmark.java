package dev.tether.bench;

import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisClient;
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
 * {@code bench/run.sh} runs these as the first call in fresh JVMs ({@code -f 1 -wi 0 -i 1}, class
 * loading included, in interleaved rounds); the warm-JVM figures come from
 * {@link PairedBootstrapBenchmark}, which times the same ways invocation by invocation in one JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 800)
@Measurement(iterations = 200)
public class BootstrapBenchmark {
    private BootstrapInputs inputs;

    private SharedRedis openTether;
    private RedisClient openRaw;

    @Setup(Level.Trial)
    public void prepare(RedisServerState redis) {
        inputs = new BootstrapInputs(redis, "tether-bench-bootstrap");
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
        inputs.close();
    }

    @Benchmark
    public String tetherFullCycle() {
        SharedRedis redis = inputs.startTether(true);
        try {
            return redis.sync().ping();
        } finally {
            redis.close();
        }
    }

    @Benchmark
    public String rawLettuceFullCycle() {
        RedisClient client = RedisClient.create(inputs.rawUri);
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            return connection.sync().ping();
        } finally {
            client.shutdown();
        }
    }

    @Benchmark
    public String tetherToPong() {
        openTether = inputs.startTether(true);
        return openTether.sync().ping();
    }

    @Benchmark
    public String tetherEnvOnlyToPong() {
        openTether = inputs.startTether(false);
        return openTether.sync().ping();
    }

    @Benchmark
    public String rawLettuceToPong() {
        openRaw = RedisClient.create(inputs.rawUri);
        return openRaw.connect().sync().ping();
    }
}
