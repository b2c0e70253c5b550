package dev.tether.bench;

import dev.tether.config.Redactor;
import dev.tether.config.ConfigResolution;
import dev.tether.config.TetherConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Issue 11 item 8: the maskers ({@link Redactor#redact}, {@link Redactor#redactUri}) and the scanner's
 * engine (the same rules, run by {@code tether scan} on every file) are linear on crafted input. Each
 * shape is a known way to make a naive scanner quadratic, built to 1, 2, 4 and 8 MB: the time per
 * call must about double when the size doubles (ratio at most 2.3), not quadruple.
 *
 * <p>Run: {@code ./mvnw -B -q -Pbench -pl bench -am package -DskipTests &&
 * java -jar bench/target/benchmarks.jar MaskerScalingBenchmark}. The ratios are read off the
 * {@code ms/op} column: the 2 MB figure over the 1 MB one, 4 over 2, 8 over 4.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MaskerScalingBenchmark {

    /** Free text as a log line or a scanned file holds it. */
    @State(Scope.Benchmark)
    public static class FreeText {
        @Param({"1", "2", "4", "8"})
        public int megabytes;

        @Param({"spacesAfterScheme", "emptySecretLines", "secretLines", "unclosedQuotes", "schemeChain",
                "assignmentChain", "dopplerLookalikes", "brokenUserinfoWord", "urlList", "directives", "callArguments"})
        public String shape;

        public String text;

        @Setup(Level.Trial)
        public void build() {
            text = Shapes.build(shape, megabytes << 20);
        }
    }

    /** One configuration value (the {@code tether config} value column). */
    @State(Scope.Benchmark)
    public static class Value {
        @Param({"1", "2", "4", "8"})
        public int megabytes;

        @Param({"spacesAfterScheme", "atRun", "unclosedQuotes", "urlList", "percentEncoded"})
        public String shape;

        public String text;

        @Setup(Level.Trial)
        public void build() {
            text = Shapes.build(shape, megabytes << 20);
        }
    }

    /** A {@code .env} file built to make interpolation and quoting expensive, resolved through the front door. */
    @State(Scope.Benchmark)
    public static class DotEnv {
        @Param({"1", "2", "4", "8"})
        public int megabytes;

        public TetherConfig config;
        private TempDir dir;

        @Setup(Level.Trial)
        public void build() throws java.io.IOException {
            dir = new TempDir("tether-bench-dotenv");
            java.nio.file.Files.writeString(dir.path.resolve(".env"), Shapes.build("dotenvReferences", megabytes << 20));
            config = TetherConfig.builder().environment(java.util.Map.of()).systemProperties(java.util.Map.of())
                    .workingDirectory(dir.path).discoverSources(false).build();
        }

        @org.openjdk.jmh.annotations.TearDown(Level.Trial)
        public void delete() {
            dir.close();
        }
    }

    @Benchmark
    public String redact(FreeText in) {
        return Redactor.redact(in.text);
    }

    @Benchmark
    public String redactUri(Value in) {
        return Redactor.redactUri(in.text);
    }

    @Benchmark
    public ConfigResolution resolveDotEnv(DotEnv in) {
        return in.config.resolve();
    }

    /** The pathological inputs, each repeated to {@code size} characters. */
    static final class Shapes {
        private Shapes() {
        }

        static String build(String shape, int size) {
            StringBuilder s = new StringBuilder(size + 256);
            switch (shape) {
                case "spacesAfterScheme" -> s.append("REDIS_URL=x://").append(" ".repeat(size));
                case "emptySecretLines" -> repeat(s, "redis.password=\n", size);
                case "secretLines" -> repeat(s, "REDIS_PASSWORD=canary-Pw1\n", size);
                case "unclosedQuotes" -> repeat(s, "password=\"abc\\\"def ", size);
                case "schemeChain" -> repeat(s, "a://", size);
                case "assignmentChain" -> repeat(s, "password=", size);
                case "dopplerLookalikes" -> repeat(s, "dp.st." + "a".repeat(39) + ".", size);
                case "brokenUserinfoWord" -> repeat(s, "a:b@", size);
                case "urlList" -> repeat(s, "redis://:p@h:6379,", size);
                case "directives" -> repeat(s, "user app on >pw --requirepass pw redis-cli -a pw\n", size);
                case "callArguments" -> repeat(s, "x.setPassword(\"pw\", \"", size);
                case "atRun" -> s.append("redis://:").append("@".repeat(size)).append("h");
                case "percentEncoded" -> repeat(s, "%3A%2F%40", size);
                case "dotenvReferences" -> {
                    s.append("A=xy\n");
                    repeat(s, "B=${A:-${A}}$A\"quoted ${A}\"\nC='single $A'\n", size);
                }
                default -> throw new IllegalArgumentException(shape);
            }
            return s.toString();
        }

        private static void repeat(StringBuilder s, String unit, int size) {
            while (s.length() < size) {
                s.append(unit);
            }
        }
    }
}
