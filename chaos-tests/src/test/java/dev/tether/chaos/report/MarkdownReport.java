package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;

import java.util.List;

/** {@code report.md}: one table row per run. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(String backend, List<ScenarioResult> results) {
        StringBuilder s = new StringBuilder("# Chaos report\n\n")
                .append("Fault proxy backend: ").append(backend).append(". Recovery: fault cleared → first successful call started after it. ")
                .append("Stall detection: fault start → the client dropped or replaced its connection (tether, Lettuce, Redisson: ")
                .append("their connection events; Jedis: its first connection exception). `-` = did not happen within the run; ")
                .append("phantom `n/a` = the client never says \"not sent\".\n\n")
                .append("| scenario | transport | client | recovery ms | stall detection ms | first error ms | ok | not sent | failed | lost | phantom | misdelivered | hung | WARN lines | connections |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult r : results) {
            s.append("| ").append(r.scenario()).append(" | ").append(r.transport()).append(" | ").append(r.client())
                    .append(" | ").append(dash(r.recoveryMs())).append(" | ").append(dash(r.stallDetectionMs()))
                    .append(" | ").append(dash(r.firstErrorMs())).append(" | ").append(r.ok()).append(" | ").append(r.notSent())
                    .append(" | ").append(r.failed()).append(" | ").append(r.lost()).append(" | ")
                    .append(r.phantom() == null ? "n/a" : r.phantom().toString()).append(" | ").append(r.misdelivered())
                    .append(" | ").append(r.hung()).append(" | ").append(r.warnLines()).append(" | ")
                    .append(r.connections() == null ? "-" : r.connections().toString()).append(" |\n");
        }
        s.append("\nScenarios:\n\n");
        results.stream().map(r -> "- `" + r.scenario() + "`: " + r.title() + "\n").distinct().forEach(s::append);
        return s.toString();
    }

    private static String dash(Long value) {
        return value == null ? "-" : value.toString();
    }
}
