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
 * Runs every tether benchmark with short settings (2 noisy cores: compare ratios within one run)
 * and prints absolute figures and the tether/raw ratios against the targets. Entry point of
 * {@code bench/run.sh}; {@code --quick} halves the bootstrap iteration counts.
 */
public final class BenchSummary {
    private final Map<String, Result<?>> results = new LinkedHashMap<>();
    private final Map<String, Result<?>> cpuResults = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final String loadBefore = loadAverage();

    public static void main(String[] args) throws RunnerException {
        boolean quick = List.of(args).contains("--quick");
        new BenchSummary().runAll(quick);
    }

    private void runAll(boolean quick) throws RunnerException {
        int bootWarmup = quick ? 10 : 20;
        int bootMeasure = quick ? 30 : 60;
        run("config warm", base(ConfigResolutionBenchmark.class, "warm").forks(1)
                .warmupIterations(3).measurementIterations(5).warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1)));
        run("config cold", base(ConfigResolutionBenchmark.class, "cold").forks(quick ? 5 : 10).warmupIterations(0).measurementIterations(1));
        run("bootstrap warm-JVM", base(BootstrapBenchmark.class, ".*").forks(1).warmupIterations(bootWarmup).measurementIterations(bootMeasure));
        run("bootstrap fresh-JVM", base(BootstrapBenchmark.class, ".*ToPong").forks(quick ? 3 : 5).warmupIterations(0).measurementIterations(1));
        run("throughput", base(ThroughputBenchmark.class, ".*").forks(1)
                .warmupIterations(3).measurementIterations(5).warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1)));
        printSummary();
    }

    private static ChainedOptionsBuilder base(Class<?> benchmark, String method) {
        return new OptionsBuilder().include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
                .addProfiler(ProcessCpuProfiler.class).shouldFailOnError(true);
    }

    private void run(String group, ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> runs = new Runner(options.build()).run();
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

    private void printSummary() {
        System.out.println();
        System.out.println("==== tether benchmark summary (" + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ") ====");
        System.out.println("load average before: " + loadBefore + "  after: " + loadAverage());
        System.out.printf(Locale.ROOT, "%-44s %12s %11s %10s  %-6s %12s%n", "benchmark", "mean", "± 99.9%", "median", "unit", "CPU us/op");
        results.forEach((name, r) -> System.out.printf(Locale.ROOT, "%-44s %12.3f %11.3f %10.3f  %-6s %12.1f%n", name, r.getScore(),
                r.getScoreError(), r.getStatistics().getPercentile(50), r.getScoreUnit(),
                cpuResults.containsKey(name) ? cpuResults.get(name).getScore() : Double.NaN));
        System.out.println();
        target("config warm warm", 1000, "us/op", "config resolution warm < 1 ms");
        target("config cold cold", 50, "ms/op", "config resolution cold < 50 ms");
        ratio("bootstrap warm-JVM", "tetherFullCycle", "rawLettuceFullCycle", "<= 1.05", true);
        ratio("bootstrap warm-JVM", "tetherToPong", "rawLettuceToPong", "<= 1.05", true);
        ratio("bootstrap warm-JVM", "tetherEnvOnlyToPong", "rawLettuceToPong", "<= 1.05", true);
        ratio("bootstrap fresh-JVM", "tetherToPong", "rawLettuceToPong", "<= 1.05", true);
        ratio("throughput", "tether", "rawLettuce", ">= 0.98", false);
        lines.forEach(System.out::println);
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
        double value = r.getScore();
        double limitInUnit = r.getScoreUnit().startsWith("us") && unit.startsWith("us") ? limit
                : r.getScoreUnit().startsWith("ms") && unit.startsWith("ms") ? limit : Double.NaN;
        lines.add(String.format(Locale.ROOT, "%-56s %7.3f %-6s %s", label, value, r.getScoreUnit(),
                Double.isNaN(limitInUnit) ? "(unit mismatch)" : value < limitInUnit ? "MET" : "MISSED"));
    }

    private void ratio(String group, String tether, String raw, String target, boolean lowerIsBetter) {
        Result<?> t = results.get(group + " " + tether);
        Result<?> r = results.get(group + " " + raw);
        if (t == null || r == null) {
            return;
        }
        double ratio = t.getScore() / r.getScore();
        double medianRatio = t.getStatistics().getPercentile(50) / r.getStatistics().getPercentile(50);
        double limit = Double.parseDouble(target.substring(3));
        boolean met = lowerIsBetter ? ratio <= limit : ratio >= limit;
        Result<?> tc = cpuResults.get(group + " " + tether);
        Result<?> rc = cpuResults.get(group + " " + raw);
        // CPU per op: lower is better on both kinds, so throughput's ratio is inverted to read the same way as its target.
        double cpuRatio = tc == null || rc == null ? Double.NaN : lowerIsBetter ? tc.getScore() / rc.getScore() : rc.getScore() / tc.getScore();
        lines.add(String.format(Locale.ROOT, "%-56s %7.3f x (median %5.3f x, CPU %5.3f x)  target %s  %s", group + " " + tether + "/" + raw,
                ratio, medianRatio, cpuRatio, target, met ? "MET" : "MISSED"));
    }
}
