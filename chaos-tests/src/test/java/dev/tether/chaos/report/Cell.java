package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;

import java.util.Comparator;
import java.util.List;

/**
 * The repetitions of one scenario × transport × client, summarized: a distribution per figure, the invariants
 * summed, and the run whose recovery is the median (the one the charts show).
 */
public record Cell(String scenario, String title, String transport, String client, List<ScenarioResult> runs,
                   Distribution recovery, Distribution stallDetection, Distribution firstError, Long detectionBoundMs,
                   long lost, Long phantom, long misdelivered, long hung) {

    static Cell of(List<ScenarioResult> runs) {
        ScenarioResult first = runs.get(0);
        Long phantom = runs.stream().anyMatch(r -> r.phantom() == null) ? null
                : runs.stream().mapToLong(ScenarioResult::phantom).sum();
        return new Cell(first.scenario(), first.title(), first.transport(), first.client(), List.copyOf(runs),
                Distribution.of(runs.stream().map(ScenarioResult::recoveryMs).toList()),
                Distribution.of(runs.stream().map(ScenarioResult::stallDetectionMs).toList()),
                Distribution.of(runs.stream().map(r -> r.timings().firstErrorMs()).toList()),
                first.timings().detectionBoundMs(),
                runs.stream().mapToLong(ScenarioResult::lost).sum(), phantom,
                runs.stream().mapToLong(ScenarioResult::misdelivered).sum(), runs.stream().mapToLong(ScenarioResult::hung).sum());
    }

    /** The run whose recovery is the median (unrecovered runs sort last). */
    ScenarioResult medianRun() {
        List<ScenarioResult> sorted = runs.stream().sorted(Comparator.comparing(ScenarioResult::recoveryMs,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** Whether stall detection met the scenario's bound in every run; {@code null} when the scenario has none. */
    Boolean boundMet() {
        if (detectionBoundMs == null) {
            return null;
        }
        return stallDetection.missing() == 0 && stallDetection.max() != null && stallDetection.max() <= detectionBoundMs;
    }

    boolean anyWide() {
        return recovery.wide() || stallDetection.wide();
    }
}
