package dev.tether.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every tether benchmark and prints absolute figures, then each target of issue 15's table (and
 * issue 9's pipelining target) as
 * MET or MISSED with the 99.9 % confidence interval of the figure it is judged on. Entry point of
 * {@code bench/run.sh}. The bootstrap figures get enough iterations and forks that their error is
 * under 10 % of the mean on a quiet machine (each line says when it is not); {@code --quick} runs a
 * short version for CI, whose intervals are wide.
 */
public final class BenchSummary {
    /** An error above this share of the mean is flagged: the figure is too noisy to judge a 5 % target. */
    private static final double MAX_RELATIVE_ERROR = 0.10;
    /** Student's t at 99.9 % for large n, as JMH's own intervals use for many samples. */
    private static final double T_999 = 3.29;

    private static final String WARM = "bootstrap warm-JVM";
    private static final String FRESH = "bootstrap fresh-JVM";
    private static final List<String> WARM_METHODS = List.of(PairedBootstrapBenchmark.WAYS);
    /**
     * Invocations of {@link PairedBootstrapBenchmark} (each starts every way once) before the warm-JVM
     * measurement: the JIT compilers work hardest through the first few hundred starts (2-15 ms of
     * compiling per start, more than a start itself; see bench/README.md).
     */
    private static final int WARM_UP = 500;
    private static final List<String> FRESH_METHODS = List.of("rawLettuceToPong", "tetherToPong", "tetherEnvOnlyToPong");

    private final Map<String, Result<?>> results = new LinkedHashMap<>();
    private final Map<String, Result<?>> cpuResults = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    /** Per interleaved group ("bootstrap fresh-JVM", "bootstrap warm-JVM"): each round's score (and CPU) per benchmark method. */
    private final Map<String, List<Map<String, Double>>> rounds = new LinkedHashMap<>();
    private final String loadBefore = loadAverage();
    private final long started = System.nanoTime();

    public static void main(String[] args) {
        List<String> options = List.of(args);
        boolean quick = options.contains("--quick");
        int fresh = options.indexOf("--fresh");
        if (fresh >= 0) {
            // only the fresh-JVM bootstrap rounds: bench/run.sh --fresh 40
            BenchSummary summary = new BenchSummary();
            summary.interleaved(FRESH, FRESH_METHODS, fresh + 1 < options.size() ? Integer.parseInt(options.get(fresh + 1)) : 30, 0, 1);
            summary.printSummary(false);
            return;
        }
        int warm = options.indexOf("--warm");
        if (warm >= 0) {
            // only the warm-JVM bootstrap rounds: bench/run.sh --warm 8
            BenchSummary summary = new BenchSummary();
            summary.paired(warm + 1 < options.size() ? Integer.parseInt(options.get(warm + 1)) : 8, 300);
            summary.printSummary(false);
            return;
        }
        new BenchSummary().runAll(quick);
    }

    private void runAll(boolean quick) {
        run("config warm", base(ConfigResolutionBenchmark.class, "(warm|warmParsing)").forks(1)
                .warmupIterations(3).measurementIterations(5).warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1)));
        run("config cold", base(ConfigResolutionBenchmark.class, "cold").forks(quick ? 5 : 20).warmupIterations(0).measurementIterations(1));
        paired(quick ? 2 : 8, quick ? 150 : 300);
        interleaved(FRESH, FRESH_METHODS, quick ? 3 : 30, 0, 1);
        run("throughput", base(ThroughputBenchmark.class, ".*").forks(quick ? 1 : 2)
                .warmupIterations(3).measurementIterations(quick ? 5 : 10).warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1)));
        run("pipeline", base(PipelineBenchmark.class, ".*").forks(quick ? 1 : 2)
                .warmupIterations(3).measurementIterations(quick ? 5 : 10).warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1)));
        printSummary(quick);
    }

    private static ChainedOptionsBuilder base(Class<?> benchmark, String method) {
        return new OptionsBuilder().include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
                .addProfiler(ProcessCpuProfiler.class).shouldFailOnError(true);
    }

    /** Runs one group; a failed group is reported in the summary and the others still run. */
    private void run(String group, ChainedOptionsBuilder options) {
        Collection<RunResult> runs;
        try {
            runs = new Runner(options.build()).run();
        } catch (RunnerException e) {
            Throwable cause = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e;
            lines.add(String.format(Locale.ROOT, "%-46s FAILED: %s", group, cause));
            return;
        }
        for (RunResult r : runs) {
            String method = r.getParams().getBenchmark();
            String name = group + " " + method.substring(method.lastIndexOf('.') + 1);
            results.put(name, r.getPrimaryResult());
            Result<?> cpu = r.getSecondaryResults().get("cpu");
            if (cpu != null) {
                cpuResults.put(name, cpu);
            }
        }
    }

    private void printSummary(boolean quick) {
        System.out.println();
        System.out.println("==== tether benchmark summary (" + (quick ? "--quick, " : "") + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + Math.round((System.nanoTime() - started) / 60e9) + " min) ====");
        System.out.println("load average before: " + loadBefore + "  after: " + loadAverage());
        System.out.printf(Locale.ROOT, "%-44s %12s %11s %7s %10s  %-6s %12s%n", "benchmark", "mean", "± 99.9%", "±/mean", "median", "unit", "CPU us/op");
        results.forEach((name, r) -> System.out.printf(Locale.ROOT, "%-44s %12.3f %11.3f %6.1f%% %10.3f  %-6s %12.1f%s%n", name, r.getScore(),
                r.getScoreError(), 100 * relativeError(r), r.getStatistics().getPercentile(50), r.getScoreUnit(),
                cpuResults.containsKey(name) ? cpuResults.get(name).getScore() : Double.NaN,
                relativeError(r) > MAX_RELATIVE_ERROR ? "  (± over 10 % of the mean)" : ""));
        printInterleaved(WARM, WARM_METHODS);
        printInterleaved(FRESH, FRESH_METHODS);
        System.out.println();
        System.out.println("Targets (issue 15). MET/MISSED is judged on the mean; [low, high] is its 99.9 % interval, and a");
        System.out.println("verdict whose interval straddles the target is marked 'within noise'.");
        target("config warm warm", 1000, "us/op", "config resolution, warm (target < 1 ms)");
        target("config warm warmParsing", 1000, "us/op", "same, parsing the .env every call (< 1 ms)");
        target("config cold cold", 50, "ms/op", "config resolution, cold (target <= 50 ms)");
        pairedRatio(WARM, "tetherToPong", "rawLettuceToPong", 1.05, "bootstrap to PONG, warm JVM");
        pairedRatio(WARM, "tetherEnvOnlyToPong", "rawLettuceToPong", 1.05, "bootstrap to PONG, REDIS_URL from env only");
        pairedRatio(FRESH, "tetherToPong", "rawLettuceToPong", 1.05, "bootstrap to PONG, fresh JVM");
        pairedRatio(FRESH, "tetherEnvOnlyToPong", "rawLettuceToPong", 1.05, "bootstrap to PONG, fresh JVM, env only");
        pairedRatio(WARM, "tetherFullCycle", "rawLettuceFullCycle", 1.2, "full cycle: start, PING, close");
        ratio("throughput", "tether", "rawLettuce", ">= 0.98", "50-thread SET+GET throughput");
        ratio("pipeline", "tether", "rawLettuceAutoFlushOff", ">= 0.9", "pipelined batches of 100 SETs, 8 threads (issue 9)");
        lines.forEach(System.out::println);
    }

    /**
     * A bootstrap group as interleaved single forks, one per method in an order that rotates each round,
     * so that a change of the machine's load during the run lands on every method alike instead of on
     * whichever benchmark JMH ran last (JMH runs all forks of one benchmark before the next). Each round
     * gives a ratio tether/raw of forks run seconds apart. {@code warmup} 0 and {@code measure} 1: the
     * first call in a fresh JVM; otherwise the mean of {@code measure} calls after {@code warmup}.
     */
    private void interleaved(String group, List<String> methods, int count, int warmup, int measure) {
        List<Map<String, Double>> done = rounds.computeIfAbsent(group, g -> new ArrayList<>());
        for (int round = 0; round < count; round++) {
            Map<String, Double> shot = new LinkedHashMap<>();
            for (int k = 0; k < methods.size(); k++) {
                String method = methods.get((round + k) % methods.size());
                try {
                    for (RunResult r : new Runner(base(BootstrapBenchmark.class, method).forks(1).warmupIterations(warmup)
                            .measurementIterations(measure).build()).run()) {
                        shot.put(method, r.getPrimaryResult().getScore());
                        Result<?> cpu = r.getSecondaryResults().get("cpu");
                        if (cpu != null) {
                            shot.put(method + " cpu", cpu.getScore());
                        }
                        Result<?> jit = r.getSecondaryResults().get("jit");
                        if (jit != null) {
                            shot.put(method + " jit", jit.getScore());
                        }
                    }
                } catch (RunnerException e) {
                    lines.add(String.format(Locale.ROOT, "%-46s FAILED in round %d: %s", group + " " + method, round + 1, e.getMessage()));
                    return;
                }
            }
            done.add(shot);
        }
    }

    /**
     * The warm-JVM bootstrap group: {@code forks} forks of {@link PairedBootstrapBenchmark}, each a
     * round whose figures are the mean ms of every way of starting, timed invocation by invocation
     * in the same JVM. The forks' JIT and CPU per invocation (all five ways) go to the summary.
     */
    private void paired(int forks, int measure) {
        List<Map<String, Double>> done = rounds.computeIfAbsent(WARM, g -> new ArrayList<>());
        java.nio.file.Path out;
        try {
            out = java.nio.file.Files.createTempFile("tether-bench-paired", ".txt");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            for (RunResult r : new Runner(base(PairedBootstrapBenchmark.class, "allFiveWays").forks(forks).warmupIterations(WARM_UP)
                    .measurementIterations(measure).jvmArgsAppend("-D" + PairedBootstrapBenchmark.OUT_PROPERTY + "=" + out).build()).run()) {
                Result<?> cpu = r.getSecondaryResults().get("cpu");
                Result<?> jit = r.getSecondaryResults().get("jit");
                lines.add(String.format(Locale.ROOT, "%-46s %d forks x %d measured invocations of all five ways, after %d; per invocation "
                        + "%.1f ms, process CPU %.1f ms, JIT compiling %.1f ms", WARM + " (paired)", forks, measure, WARM_UP,
                        r.getPrimaryResult().getScore(), cpu == null ? Double.NaN : cpu.getScore() / 1e3, jit == null ? Double.NaN : jit.getScore() / 1e3));
            }
            for (String line : java.nio.file.Files.readAllLines(out)) {
                String[] figures = line.trim().split(" ");
                Map<String, Double> round = new LinkedHashMap<>();
                for (int k = 0; k < PairedBootstrapBenchmark.WAYS.length && k < figures.length; k++) {
                    round.put(PairedBootstrapBenchmark.WAYS[k], Double.parseDouble(figures[k]));
                }
                done.add(round);
            }
        } catch (RunnerException | java.io.IOException | RuntimeException e) {
            lines.add(String.format(Locale.ROOT, "%-46s FAILED: %s", WARM, e));
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(out);
            } catch (java.io.IOException e) {
                lines.add("could not delete " + out + ": " + e.getMessage());
            }
        }
    }

    /**
     * The geometric mean of the per-round ratios tether/raw with its 99.9 % interval (Student's t on the
     * log ratios), the median ratio, and the CPU ratio of the means.
     */
    private void pairedRatio(String group, String tether, String raw, double limit, String label) {
        List<Double> logs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        double tetherCpu = 0;
        double rawCpu = 0;
        for (Map<String, Double> round : rounds.getOrDefault(group, List.of())) {
            Double t = round.get(tether);
            Double r = round.get(raw);
            if (t != null && r != null) {
                ratios.add(t / r);
                logs.add(Math.log(t / r));
                tetherCpu += round.getOrDefault(tether + " cpu", Double.NaN);
                rawCpu += round.getOrDefault(raw + " cpu", Double.NaN);
            }
        }
        int n = logs.size();
        if (n < 2) {
            return;
        }
        double mean = logs.stream().mapToDouble(Double::doubleValue).sum() / n;
        double variance = logs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        double half = studentT999(n - 1) * Math.sqrt(variance / n);
        double ratio = Math.exp(mean);
        double low = Math.exp(mean - half);
        double high = Math.exp(mean + half);
        ratios.sort(null);
        double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
        String cpu = Double.isNaN(tetherCpu / rawCpu) ? "" : String.format(Locale.ROOT, ", CPU %.3f x", tetherCpu / rawCpu);
        lines.add(String.format(Locale.ROOT, "%-46s %8.3f x     [%.3f, %.3f] (median %.3f x%s, %d rounds)  target <= %.2f  %s  (%s/%s)",
                label, ratio, low, high, median, cpu, n, limit, verdict(ratio <= limit, low <= limit && high >= limit), tether, raw));
    }

    /** Two-sided 99.9 % Student's t for {@code df} degrees of freedom (table values; 3.29 beyond 120). */
    static double studentT999(int df) {
        double[][] table = {{1, 636.62}, {2, 31.60}, {3, 12.92}, {4, 8.61}, {5, 6.87}, {6, 5.96}, {8, 5.04}, {10, 4.59}, {12, 4.32}, {15, 4.07},
            {20, 3.85}, {25, 3.73}, {30, 3.65}, {40, 3.55}, {60, 3.46}, {120, 3.37}};
        for (double[] row : table) {
            if (df <= row[0]) {
                return row[1];
            }
        }
        return T_999;
    }

    /** Each interleaved benchmark's mean and median over the rounds (the table's other rows come from JMH's own statistics). */
    private void printInterleaved(String group, List<String> methods) {
        for (String method : methods) {
            List<Double> shots = new ArrayList<>();
            double cpu = 0;
            double jit = 0;
            for (Map<String, Double> round : rounds.getOrDefault(group, List.of())) {
                if (round.containsKey(method)) {
                    shots.add(round.get(method));
                    cpu += round.getOrDefault(method + " cpu", Double.NaN);
                    jit += round.getOrDefault(method + " jit", Double.NaN);
                }
            }
            if (shots.isEmpty()) {
                continue;
            }
            double mean = shots.stream().mapToDouble(Double::doubleValue).sum() / shots.size();
            shots.sort(null);
            String note = Double.isNaN(jit) ? String.format(Locale.ROOT, "(%d paired forks)", shots.size())
                    : String.format(Locale.ROOT, "(%d interleaved forks; JIT compiling %.0f us/op)", shots.size(), jit / shots.size());
            // paired forks time the ways of one invocation apart; their CPU is the whole invocation's (in the targets' block)
            String cpuPerOp = Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.1f", cpu / shots.size());
            System.out.printf(Locale.ROOT, "%-44s %12.3f %11s %7s %10.3f  %-6s %12s  %s%n",
                    group + " " + method, mean, "", "", shots.get(shots.size() / 2), "ms/op", cpuPerOp, note);
        }
    }

    private static double relativeError(Result<?> r) {
        return Double.isNaN(r.getScoreError()) ? Double.NaN : r.getScoreError() / r.getScore();
    }

    /** The 1/5/15-minute load average: on a shared 2-core machine it says how much to trust absolute figures. */
    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private void target(String key, double limit, String unit, String label) {
        Result<?> r = results.get(key);
        if (r == null) {
            return;
        }
        if (!r.getScoreUnit().equals(unit)) {
            lines.add(String.format(Locale.ROOT, "%-58s unit %s, expected %s", label, r.getScoreUnit(), unit));
            return;
        }
        double value = r.getScore();
        double error = Double.isNaN(r.getScoreError()) ? 0 : r.getScoreError();
        lines.add(String.format(Locale.ROOT, "%-46s %8.3f %-5s [%.3f, %.3f]  %s", label, value, unit, value - error, value + error,
                verdict(value <= limit, value - error <= limit && value + error > limit)));
    }

    /**
     * The ratio of two means with its 99.9 % interval, from the two relative errors combined (the
     * runs are independent): {@code ratio * (1 ± t * sqrt((sdA/(mA*sqrt nA))^2 + (sdB/(mB*sqrt nB))^2))}.
     */
    private void ratio(String group, String tether, String raw, String target, String label) {
        Result<?> t = results.get(group + " " + tether);
        Result<?> r = results.get(group + " " + raw);
        if (t == null || r == null) {
            return;
        }
        boolean lowerIsBetter = target.startsWith("<=");
        double limit = Double.parseDouble(target.substring(3));
        double ratio = t.getScore() / r.getScore();
        double spread = T_999 * Math.sqrt(square(standardErrorShare(t)) + square(standardErrorShare(r)));
        double low = ratio * (1 - spread);
        double high = ratio * (1 + spread);
        double medianRatio = t.getStatistics().getPercentile(50) / r.getStatistics().getPercentile(50);
        Result<?> tc = cpuResults.get(group + " " + tether);
        Result<?> rc = cpuResults.get(group + " " + raw);
        // CPU per op: lower is better on both kinds, so throughput's ratio is inverted to read the same way as its target.
        double cpuRatio = tc == null || rc == null ? Double.NaN : lowerIsBetter ? tc.getScore() / rc.getScore() : rc.getScore() / tc.getScore();
        boolean met = lowerIsBetter ? ratio <= limit : ratio >= limit;
        lines.add(String.format(Locale.ROOT, "%-46s %8.3f x     [%.3f, %.3f] (median %.3f x, CPU %.3f x)  target %s  %s  (%s/%s)",
                label, ratio, low, high, medianRatio, cpuRatio, target, verdict(met, low <= limit && high >= limit), tether, raw));
    }

    private static double standardErrorShare(Result<?> r) {
        long n = r.getStatistics().getN();
        return n < 2 ? Double.NaN : r.getStatistics().getStandardDeviation() / Math.sqrt(n) / r.getScore();
    }

    private static double square(double x) {
        return x * x;
    }

    private static String verdict(boolean met, boolean straddles) {
        return (met ? "MET" : "MISSED") + (straddles ? " (within noise)" : "");
    }
}
