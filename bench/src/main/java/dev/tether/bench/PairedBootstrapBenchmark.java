package dev.tether.bench;

import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisClient;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Bootstrap in a warm JVM, tether against raw Lettuce in the same JVM, invocation by invocation:
 * every invocation runs all five ways of starting (as {@link BootstrapBenchmark} names them) once,
 * in an order that rotates each invocation, and times each on its own. So both clients meet the
 * same JIT state, the same garbage and the same load on the machine, and a fork's ratio of sums
 * tether/raw is free of the fork-to-fork swings (±20 % per fork here) that separate forks carry.
 *
 * <p>In a JVM that has started a client a few hundred times the JIT compilers are still working:
 * bootstrap code runs once per start, so it reaches the optimising compiler slowly (about 3 ms of
 * compiling per start after 800 starts). Both clients share that cost here as they would in one
 * service; {@code BenchSummary} prints it.
 *
 * <p>Each fork appends one line to the file named by the system property
 * {@value #OUT_PROPERTY}: the mean ms of each way over the measured invocations. The JMH score
 * itself is the time of the whole invocation and says nothing on its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 500)
@Measurement(iterations = 300)
public class PairedBootstrapBenchmark {
    /** The system property naming the file each fork appends its line of means to. */
    static final String OUT_PROPERTY = "tether.bench.pairs";
    /** The ways, in the order of the line's figures. */
    static final String[] WAYS = {"rawLettuceToPong", "tetherToPong", "tetherEnvOnlyToPong", "rawLettuceFullCycle", "tetherFullCycle"};
    private BootstrapInputs inputs;

    private final long[] nanos = new long[WAYS.length];
    private long measured;
    private long invocation;
    private boolean measuring;

    @Setup(Level.Trial)
    public void prepare(RedisServerState redis) {
        inputs = new BootstrapInputs(redis, "tether-bench-paired");
    }

    @Setup(Level.Iteration)
    public void phase(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void report() {
        inputs.close();
        String out = System.getProperty(OUT_PROPERTY);
        if (out == null || measured == 0) {
            return;
        }
        StringBuilder line = new StringBuilder();
        for (long total : nanos) {
            line.append(String.format(Locale.ROOT, "%.4f ", total / 1e6 / measured));
        }
        try {
            Files.writeString(Path.of(out), line.toString().trim() + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public long allFiveWays() {
        long sum = 0;
        for (int k = 0; k < WAYS.length; k++) {
            int way = (int) ((invocation + k) % WAYS.length);
            long took = run(way);
            if (measuring) {
                nanos[way] += took;
            }
            sum += took;
        }
        invocation++;
        if (measuring) {
            measured++;
        }
        return sum;
    }

    /** Runs one way; returns its timed part in ns (the close of the {@code *ToPong} ways is not timed). */
    private long run(int way) {
        long start = System.nanoTime();
        switch (way) {
            case 0 -> {
                RedisClient client = RedisClient.create(inputs.rawUri);
                client.connect().sync().ping();
                long took = System.nanoTime() - start;
                client.shutdown();
                return took;
            }
            case 1, 2 -> {
                SharedRedis redis = inputs.startTether(way == 1);
                redis.sync().ping();
                long took = System.nanoTime() - start;
                redis.close();
                return took;
            }
            case 3 -> {
                RedisClient client = RedisClient.create(inputs.rawUri);
                try {
                    client.connect().sync().ping();
                } finally {
                    client.shutdown();
                }
                return System.nanoTime() - start;
            }
            default -> {
                SharedRedis redis = inputs.startTether(true);
                try {
                    redis.sync().ping();
                } finally {
                    redis.close();
                }
                return System.nanoTime() - start;
            }
        }
    }
}
