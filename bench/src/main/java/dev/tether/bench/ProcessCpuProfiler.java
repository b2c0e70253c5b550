package dev.tether.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * JMH profiler ({@code -prof dev.tether.bench.ProcessCpuProfiler}) that reports the CPU time the
 * benchmark JVM used per operation, all its threads together (event loops, JIT and GC included; the
 * redis-server process is not). On a shared machine, wall time mostly measures how long a thread
 * waited for a core; CPU per operation measures the work, so tether/raw ratios of it stay stable
 * when the load average does not. Also reports {@code jit}: the JIT compilers' time per operation
 * in the same iterations, which says whether a "warm" measurement was warm (a bootstrap measured
 * while the compilers still work is charged for compiling whichever client has more code).
 * Used by one fork at a time; not thread-safe.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private long startNanos;
    private long startJitMillis;

    @Override
    public String getDescription() {
        return "process CPU time per operation (all JVM threads)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
        startJitMillis = jit.getTotalCompilationTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - startNanos;
        long ops = Math.max(1, result.getMetadata().getMeasuredOps());
        long compiling = jit.getTotalCompilationTime() - startJitMillis;
        return List.of(new ScalarResult("cpu", cpu / 1e3 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("jit", compiling * 1e3 / ops, "us/op", AggregationPolicy.AVG));
    }
}
