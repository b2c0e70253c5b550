package dev.tether.bench;

import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pipelined batches of {@value #BATCH} SETs from 8 threads: tether's {@code SharedRedis.pipeline(...)}
 * vs raw Lettuce on a connection of its own with {@code setAutoFlushCommands(false)}, async
 * commands, {@code flushCommands()} and {@code LettuceFutures.awaitAll}, against the same
 * redis-server in the same run. One operation = one batch. Target: tether at least 0.9 x raw.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PipelineBenchmark {
    static final int BATCH = 100;

    /** Tether's shared connection; its pipelining connection opens on the first batch. */
    @State(Scope.Benchmark)
    public static class TetherSide {
        SharedRedis redis;

        @Setup(Level.Trial)
        public void start(RedisServerState server) {
            var settings = TetherConfig.builder().environment(Map.of("REDIS_URL", server.uri())).systemProperties(Map.of())
                    .noDotEnvFile().discoverSources(false).build().resolve().requireValid();
            redis = SharedRedis.builder(settings).start();
            redis.awaitReady(Duration.ofSeconds(60));   // generous: the bench machine is shared
        }

        @TearDown(Level.Trial)
        public void stop() {
            redis.close();
        }
    }

    /** One raw Lettuce connection with auto-flush off, shared by the batching threads. */
    @State(Scope.Benchmark)
    public static class RawSide {
        RedisClient client;
        StatefulRedisConnection<String, String> connection;
        RedisAsyncCommands<String, String> async;

        @Setup(Level.Trial)
        public void start(RedisServerState server) {
            client = RedisClient.create(RedisURI.create(server.uri()));
            connection = client.connect();
            connection.setAutoFlushCommands(false);
            async = connection.async();
        }

        @TearDown(Level.Trial)
        public void stop() {
            client.shutdown();
        }
    }

    /** Each thread's own keys. */
    @State(Scope.Thread)
    public static class Keys {
        String[] keys = new String[BATCH];
        String value;

        @Setup(Level.Trial)
        public void pick(ThreadParams thread) {
            for (int i = 0; i < BATCH; i++) {
                keys[i] = "bench:pipe:" + thread.getThreadIndex() + ":" + i;
            }
            value = "value-" + thread.getThreadIndex() + "-" + "x".repeat(32);
        }
    }

    @Benchmark
    public List<Object> tether(TetherSide side, Keys k) {
        return side.redis.pipeline(batch -> {
            for (String key : k.keys) {
                batch.set(key, k.value);
            }
        });
    }

    @Benchmark
    public boolean rawLettuceAutoFlushOff(RawSide side, Keys k) {
        RedisFuture<?>[] futures = new RedisFuture<?>[BATCH];
        for (int i = 0; i < BATCH; i++) {
            futures[i] = side.async.set(k.keys[i], k.value);
        }
        side.connection.flushCommands();
        return LettuceFutures.awaitAll(Duration.ofSeconds(10), futures);
    }
}
