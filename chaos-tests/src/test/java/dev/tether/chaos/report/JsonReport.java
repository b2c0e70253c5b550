package dev.tether.chaos.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.Timeline;

import java.util.List;

/**
 * {@code report.json}: every run as measured (grouped as {@link ScenarioResult} is), and per scenario × transport
 * × client the distribution of each figure. Nulls are kept: "did not happen" is a result.
 */
final class JsonReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private JsonReport() {
    }

    private record Cells(String scenario, String transport, String client, int runs, Distribution recoveryMs,
                         Distribution stallDetectionMs, Distribution firstErrorMs, Long detectionBoundMs, Boolean boundMet,
                         boolean wideSpread, long lost, Long phantom, long misdelivered, long hung) {
    }

    private record Document(String backend, int bucketMillis, List<Cells> distributions, List<ScenarioResult> runs,
                            List<ClusterFigures> cluster) {
    }

    static String render(String backend, List<ScenarioResult> results, List<Cell> cells, List<ClusterFigures> cluster) {
        List<Cells> distributions = cells.stream().map(c -> new Cells(c.scenario(), c.transport(), c.client(), c.runs().size(),
                c.recovery(), c.stallDetection(), c.firstError(), c.detectionBoundMs(), c.boundMet(), c.anyWide(), c.lost(), c.phantom(),
                c.misdelivered(), c.hung())).toList();
        return GSON.toJson(new Document(backend, Timeline.BUCKET_MILLIS, distributions, results, cluster)) + "\n";
    }
}
