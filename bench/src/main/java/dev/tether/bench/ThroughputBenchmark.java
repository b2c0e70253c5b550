package dev.tether.bench;

import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * 50 threads doing SET then GET of their own key, all through ONE connection: tether's shared
 * connection ({@code SharedRedis.sync()}) vs one raw Lettuce {@link StatefulRedisConnection}
 * shared the same way, against the same password-protected redis-server. One operation = one SET
 * plus one GET. Target: tether at least 0.98 x raw.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(50)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ThroughputBenchmark {

    /** Tether's process-wide connection, started once per trial. */
    @State(Scope.Benchmark)
    public static class TetherSide {
        SharedRedis redis;
        RedisCommands<String, String> sync;

        @Setup(Level.Trial)
        public void start(RedisServerState server) {
            var settings = TetherConfig.builder().environment(Map.of("REDIS_URL", server.uri())).systemProperties(Map.of())
                    .noDotEnvFile().discoverSources(false).build().resolve().requireValid();
            redis = SharedRedis.builder(settings).start();
            redis.awaitReady(Duration.ofSeconds(10));
            sync = redis.sync();
        }

        @TearDown(Level.Trial)
        public void stop() {
            redis.close();
        }
    }

    /** One raw Lettuce connection with default options, shared by all threads. */
    @State(Scope.Benchmark)
    public static class RawSide {
        RedisClient client;
        RedisCommands<String, String> sync;

        @Setup(Level.Trial)
        public void start(RedisServerState server) {
            client = RedisClient.create(RedisURI.create(server.uri()));
            sync = client.connect().sync();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.shutdown();
        }
    }

    /** Each thread's own key, so threads never contend on a value. */
    @State(Scope.Thread)
    public static class Key {
        String key;
        String value;

        @Setup(Level.Trial)
        public void pick(ThreadParams thread) {
            key = "bench:key:" + thread.getThreadIndex();
            value = "value-" + thread.getThreadIndex() + "-" + "x".repeat(32);
        }
    }

    @Benchmark
    public String tether(TetherSide side, Key k) {
        side.sync.set(k.key, k.value);
        return side.sync.get(k.key);
    }

    @Benchmark
    public String rawLettuce(RawSide side, Key k) {
        side.sync.set(k.key, k.value);
        return side.sync.get(k.key);
    }
}
