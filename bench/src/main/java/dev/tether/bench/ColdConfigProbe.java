package dev.tether.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Prints the CPU time of the first config resolution in this JVM, measured on the resolving thread
 * alone: on a loaded machine wall time says how long the thread waited for a core, thread CPU how
 * much work the first resolution is. Same inputs as {@link ConfigResolutionBenchmark#cold}. Run it
 * in fresh JVMs, e.g. with {@code -Xlog:class+load} to count the classes it loads or
 * {@code -XX:StartFlightRecording} for its top frames:
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.tether.bench.ColdConfigProbe}</pre>
 */
public final class ColdConfigProbe {
    private ColdConfigProbe() {
    }

    public static void main(String[] args) {
        ConfigResolutionBenchmark benchmark = new ConfigResolutionBenchmark();
        benchmark.writeDotEnv();
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            benchmark.cold();
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            System.out.printf(Locale.ROOT, "first resolution: %.1f ms thread CPU, %.1f ms wall%n", cpu / 1e6, wall / 1e6);
        } finally {
            benchmark.deleteDotEnv();
        }
    }
}
