package dev.tether.bench;

import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Resolving Redis settings from an environment map plus a 200-line {@code .env} (see
 * {@link DotEnvFixture}), through SmallRye Config, provenance and validation.
 *
 * <ul>
 * <li>{@link #warm}: steady state in a warmed-up JVM, µs per resolution. Target: under 1 ms.</li>
 * <li>{@link #cold}: the first resolution in a fresh JVM (class loading, SmallRye bootstrap,
 *     interpreter), one measurement per fork, ms. Target: under 50 ms.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class ConfigResolutionBenchmark {
    private TempDir dir;
    private Map<String, String> env;

    @Setup(Level.Trial)
    public void writeDotEnv() {
        dir = new TempDir("tether-bench-config");
        DotEnvFixture.write(dir.path, "redis.internal.example", 6380, "s3cr3t-Bench-pw");
        env = DotEnvFixture.environment();
    }

    @TearDown(Level.Trial)
    public void deleteDotEnv() {
        dir.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public RedisSettings warm() {
        return resolve();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public RedisSettings cold() {
        return resolve();
    }

    private RedisSettings resolve() {
        return TetherConfig.builder().environment(env).systemProperties(Map.of("java.version", "17"))
                .workingDirectory(dir.path).dotEnvFile(dir.path.resolve(".env")).discoverSources(false)
                .build().resolve().requireValid();
    }
}
