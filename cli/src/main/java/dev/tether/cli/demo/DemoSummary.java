package dev.tether.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a demo run: one row per fault, the job totals and whether cleanup worked.
 *
 * @param faults         per fault, in script order
 * @param jobsSubmitted  jobs whose {@code XADD} was confirmed
 * @param jobsLost       of those, jobs with no result at the end
 * @param extraRuns      handler runs beyond one per job (at-least-once: an attempt was left pending)
 * @param reclaimed      jobs taken over from idle pending entries
 * @param recoveries     times the shared connection was replaced by a new one
 * @param commandTimeoutMs the command timeout in use
 * @param redisPid       the redis-server process the demo started
 * @param redisGone      whether that process has exited
 * @param startupMs      starting Redis, the proxy and the workers
 * @param elapsedMs      the run's length, startup included
 */
public record DemoSummary(List<FaultReport> faults, int jobsSubmitted, int jobsLost, long extraRuns, long reclaimed, int recoveries,
                          long commandTimeoutMs, long redisPid, boolean redisGone, long startupMs, long elapsedMs) {

    /** Every fault ran and recovered, no job was lost, and the redis-server process is gone. */
    public boolean ok() {
        return jobsLost == 0 && redisGone && faults.stream().allMatch(FaultReport::recovered);
    }

    /** The summary as plain values for {@code Json.write}. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", ok());
        root.put("startupMs", startupMs);
        root.put("elapsedMs", elapsedMs);
        root.put("commandTimeoutMs", commandTimeoutMs);
        List<Object> rows = new ArrayList<>();
        for (FaultReport f : faults) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fault", f.fault().label());
            row.put("description", f.fault().description());
            row.put("detail", f.detail());
            row.put("ran", f.ran());
            row.put("startedAtMs", f.startedAtMs());
            row.put("heldMs", f.heldMs());
            row.put("detectedMs", f.detectedMs());
            row.put("recoveredMs", f.recoveredMs());
            row.put("recovered", f.recovered());
            row.put("jobsSubmitted", f.jobsSubmitted());
            row.put("jobsLost", f.jobsLost());
            rows.add(row);
        }
        root.put("faults", rows);
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("submitted", jobsSubmitted);
        jobs.put("lost", jobsLost);
        jobs.put("extraRuns", extraRuns);
        jobs.put("reclaimed", reclaimed);
        root.put("jobs", jobs);
        root.put("recoveries", recoveries);
        Map<String, Object> cleanup = new LinkedHashMap<>();
        cleanup.put("redisPid", redisPid);
        cleanup.put("redisExited", redisGone);
        root.put("cleanup", cleanup);
        return root;
    }

    /** The summary as a table. */
    public void print(PrintWriter out) {
        String format = "%-8s %-44s %8s %9s %10s %6s %5s%n";
        out.printf(format, "FAULT", "WHAT", "HELD", "DETECTED", "RECOVERED", "JOBS", "LOST");
        for (FaultReport f : faults) {
            out.printf(format, f.fault().label(), f.detail(), f.ran() ? ms(f.heldMs()) : "skipped", ms(f.detectedMs()),
                    f.ran() ? (f.recoveredMs() == null ? "NO" : ms(f.recoveredMs())) : "-", f.jobsSubmitted(), f.jobsLost());
        }
        out.printf("%njobs: %d submitted, %d lost, %d run twice (at-least-once, see examples/worker), %d reclaimed; %d reconnects%n",
                jobsSubmitted, jobsLost, extraRuns, reclaimed, recoveries);
        out.printf("cleanup: redis-server pid %d %s, proxy and ports closed%n", redisPid, redisGone ? "exited" : "STILL RUNNING");
        out.println(ok() ? "ok: every fault detected and recovered, no job lost (" + elapsedMs / 1000 + " s, " + startupMs / 1000 + " s of it starting up)"
                : "FAILED: see the rows above");
    }

    private static String ms(Long millis) {
        return millis == null ? "-" : millis + " ms";
    }
}
