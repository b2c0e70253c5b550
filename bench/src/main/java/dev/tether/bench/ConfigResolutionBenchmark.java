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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Resolving Redis settings from an environment map plus a 200-line {@code .env} (see
 * {@link DotEnvFixture}), through SmallRye Config, provenance and validation.
 *
 * <ul>
 * <li>{@link #warm}: steady state in a warmed-up JVM, µs per resolution. Target: under 1 ms. The
 *     file is unchanged between calls, so from the second call on it is read and compared, not parsed
 *     again (what a process resolving again pays).</li>
 * <li>{@link #warmParsing}: the same, alternating between two copies of the file at two paths, so
 *     every call parses the file: what the first resolution of a file costs once the code is warm.</li>
 * <li>{@link #cold}: the first resolution in a fresh JVM (class loading, SmallRye bootstrap,
 *     interpreter), one measurement per fork, ms. Target: under 50 ms.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class ConfigResolutionBenchmark {
    private TempDir dir;
    private Map<String, String> env;
    private Path[] copies;
    private int next;

    @Setup(Level.Trial)
    public void writeDotEnv() {
        dir = new TempDir("tether-bench-config");
        Path file = DotEnvFixture.write(dir.path, "redis.internal.example", 6380, "s3cr3t-Bench-pw");
        env = DotEnvFixture.environment();
        copies = new Path[] {file, dir.path.resolve("copy.env")};
        try {
            Files.copy(file, copies[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return resolve(dir.path.resolve(".env"));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public RedisSettings warmParsing() {
        next ^= 1;
        return resolve(copies[next]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public RedisSettings cold() {
        return resolve(dir.path.resolve(".env"));
    }

    private RedisSettings resolve(Path dotEnv) {
        return TetherConfig.builder().environment(env).systemProperties(Map.of("java.version", "17"))
                .workingDirectory(dir.path).dotEnvFile(dotEnv).discoverSources(false)
                .build().resolve().requireValid();
    }
}
