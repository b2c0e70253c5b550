package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;

import java.util.List;
import java.util.Map;

/** {@code report.md} (and the GitHub job summary): the summary, then one row per scenario × transport × client. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(String backend, Summary summary, List<Cell> cells, List<Map.Entry<ScenarioResult, ClusterFigures>> cluster) {
        StringBuilder s = new StringBuilder(summaryOnly(backend, summary));
        s.append("\n## Every run, as distributions\n\n")
                .append("Recovery: fault cleared → first successful call started after it. Stall detection: fault start → the client ")
                .append("dropped or replaced its connection (tether, Lettuce, Redisson: their connection events; Jedis: its first ")
                .append("connection exception). Figures are p50 / p95 / max in ms over the repetitions; `-` = did not happen; ")
                .append("phantom `n/a` = the client never says \"not sent\"; ⚠ = wide spread (p95 − p50 above 50 ms and above p50, ")
                .append("or some runs without the figure).\n\n")
                .append("| scenario | transport | client | runs | recovery ms | stall detection ms | bound ms | first error ms | lost | phantom | misdelivered | hung |\n")
                .append("|---|---|---|---:|---|---|---:|---|---:|---:|---:|---:|\n");
        for (Cell c : cells) {
            s.append("| ").append(c.scenario()).append(" | ").append(c.transport()).append(" | ").append(c.client())
                    .append(" | ").append(c.runs().size())
                    .append(" | ").append(c.recovery().text()).append(c.recovery().wide() ? " ⚠" : "")
                    .append(" | ").append(c.stallDetection().text()).append(c.stallDetection().wide() ? " ⚠" : "")
                    .append(" | ").append(c.detectionBoundMs() == null ? "" : c.detectionBoundMs() + (Boolean.TRUE.equals(c.boundMet()) ? " ✓" : " ✗"))
                    .append(" | ").append(c.firstError().text())
                    .append(" | ").append(c.lost()).append(" | ").append(c.phantom() == null ? "n/a" : c.phantom().toString())
                    .append(" | ").append(c.misdelivered()).append(" | ").append(c.hung()).append(" |\n");
        }
        if (!cluster.isEmpty()) {
            s.append(clusterTable(cluster));
        }
        s.append("\nScenarios:\n\n");
        cells.stream().map(c -> "- `" + c.scenario() + "`: " + c.title() + "\n").distinct().forEach(s::append);
        return s.toString();
    }

    private static String clusterTable(List<Map.Entry<ScenarioResult, ClusterFigures>> rows) {
        StringBuilder s = new StringBuilder("\n## Cluster and Sentinel runs\n\n")
                .append("Cluster floor: failure → the cluster itself recovered (replica promoted, slot moved, slots covered again, ")
                .append("the promoted replica reports itself primary). Write: failure → first write to the affected slots completed after the floor, ")
                .append("acknowledged and kept (one the old primary took after the promotion does not count). ")
                .append("Gap: the longest time without such a write. Lost by server: acknowledged before the ")
                .append("cluster settled and missing afterwards (asynchronous replication, or every copy killed); lost: any ")
                .append("other acknowledged write missing. Raw: `MOVED`/`ASK`/`CROSSSLOT` errors that reached the caller. ")
                .append("One row per run; `-` = did not happen within the run.\n\n")
                .append("| scenario | transport | client | # | cluster floor ms | write ms | write − floor ms | gap ms | failed (typed) | hung | lost | lost by server | misdelivered | raw |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<ScenarioResult, ClusterFigures> row : rows) {
            ScenarioResult r = row.getKey();
            ClusterFigures f = row.getValue();
            String failed = f.failed() + (f.failedByType().isEmpty() ? "" : " (" + f.failedByType().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")) + ")");
            s.append("| ").append(r.scenario()).append(" | ").append(r.transport()).append(" | ").append(r.client())
                    .append(" | ").append(r.id().repetition())
                    .append(" | ").append(dash(f.floorMs())).append(" | ").append(dash(f.recoveryMs()))
                    .append(" | ").append(dash(f.afterFloorMs())).append(" | ").append(dash(f.longestGapMs()))
                    .append(" | ").append(failed.replace("|", "/")).append(" | ").append(f.hung()).append(" | ").append(f.lost())
                    .append(" | ").append(f.lostByServer()).append(" | ").append(f.misdelivered()).append(" | ").append(f.rawRedirects())
                    .append(" |\n");
        }
        return s.toString();
    }

    private static String dash(Long value) {
        return value == null ? "-" : value.toString();
    }

    /** The summary alone: the headline and one row per scenario. */
    static String summaryOnly(String backend, Summary summary) {
        StringBuilder s = new StringBuilder("# Chaos report\n\n**").append(summary.headline()).append("**\n\n")
                .append("Fault backend: ").append(backend).append(".\n\n")
                .append("| scenario | tether recovery p50 / p95 / max ms | best peer | its recovery p50 / p95 / max ms | tether's promises | bound |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Summary.Row r : summary.rows()) {
            s.append("| ").append(r.scenario()).append(" | ").append(r.tether().text()).append(r.wide() ? " ⚠" : "")
                    .append(" | ").append(r.bestPeer() == null ? "-" : r.bestPeer())
                    .append(" | ").append(r.peer() == null ? "-" : r.peer().text())
                    .append(" | ").append(r.tetherHeld() ? "held" : "**broken**")
                    .append(" | ").append(r.boundMet() == null ? "" : r.boundMet() ? "met" : "**missed**").append(" |\n");
        }
        return s.toString();
    }
}
