package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one-screen summary at the top of the report: tether against the best peer, overall and per scenario.
 * Recovery figures pool every run of a client across the scenarios and transports both ran.
 */
record Summary(String headline, List<Row> rows) {
    private static final String TETHER = "tether";

    /**
     * One scenario: tether's recovery p50 against the best peer's, and whether tether's promises held.
     *
     * @param bestPeer {@code null} when no peer ran
     */
    record Row(String scenario, Distribution tether, String bestPeer, Distribution peer, boolean tetherHeld, boolean wide,
               Boolean boundMet) {
    }

    static Summary of(List<Cell> cells) {
        Map<String, List<Cell>> byScenario = new LinkedHashMap<>();
        cells.forEach(c -> byScenario.computeIfAbsent(c.scenario(), k -> new ArrayList<>()).add(c));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Cell>> e : byScenario.entrySet()) {
            List<Cell> tether = e.getValue().stream().filter(c -> c.client().equals(TETHER)).toList();
            if (tether.isEmpty()) {
                continue;
            }
            Optional<Map.Entry<String, Distribution>> best = bestPeer(e.getValue());
            boolean held = tether.stream().allMatch(c -> c.lost() == 0 && (c.phantom() == null || c.phantom() == 0)
                    && c.misdelivered() == 0 && c.hung() == 0);
            Boolean bound = tether.stream().map(Cell::boundMet).filter(b -> b != null).reduce(Boolean::logicalAnd).orElse(null);
            rows.add(new Row(e.getKey(), pooled(tether), best.map(Map.Entry::getKey).orElse(null),
                    best.map(Map.Entry::getValue).orElse(null), held, tether.stream().anyMatch(Cell::anyWide), bound));
        }
        return new Summary(headline(cells, rows), rows);
    }

    private static String headline(List<Cell> cells, List<Row> rows) {
        List<Cell> tether = cells.stream().filter(c -> c.client().equals(TETHER)).toList();
        if (tether.isEmpty()) {
            return "No tether runs in this report.";
        }
        Distribution t = pooled(tether);
        long runs = tether.stream().mapToLong(c -> c.runs().size()).sum();
        long held = rows.stream().filter(Row::tetherHeld).count();
        StringBuilder s = new StringBuilder("tether recovered in p50 " + ms(t.p50()) + " (p95 " + ms(t.p95()) + ", max " + ms(t.max())
                + ") over " + runs + " runs");
        Optional<Map.Entry<String, Distribution>> best = bestPeer(cells.stream()
                .filter(c -> rows.stream().anyMatch(r -> r.scenario().equals(c.scenario()))).toList());
        if (best.isPresent()) {
            Distribution p = best.get().getValue();
            s.append(", where the best peer, ").append(best.get().getKey()).append(", took p50 ").append(ms(p.p50()))
                    .append(" (p95 ").append(ms(p.p95())).append(p.missing() > 0 ? ", " + p.missing() + " runs never recovered" : "")
                    .append(")");
        }
        return s.append("; no lost, phantom, misdelivered or hung call in ").append(held).append(" of ").append(rows.size())
                .append(" scenarios.").toString();
    }

    /** The peer with the lowest pooled recovery p50 (unrecovered runs count against it first). */
    private static Optional<Map.Entry<String, Distribution>> bestPeer(List<Cell> cells) {
        Map<String, List<Cell>> byPeer = new LinkedHashMap<>();
        cells.stream().filter(c -> !c.client().equals(TETHER)).forEach(c -> byPeer.computeIfAbsent(c.client(), k -> new ArrayList<>()).add(c));
        return byPeer.entrySet().stream().map(e -> Map.entry(e.getKey(), pooled(e.getValue())))
                .filter(e -> e.getValue().p50() != null)
                .min(Comparator.<Map.Entry<String, Distribution>>comparingDouble(e -> e.getValue().missing() / (double) e.getValue().runs())
                        .thenComparing(e -> e.getValue().p50()));
    }

    private static Distribution pooled(List<Cell> cells) {
        return Distribution.of(cells.stream().flatMap(c -> c.runs().stream()).map(ScenarioResult::recoveryMs).toList());
    }

    static String ms(Long value) {
        return value == null ? "-" : value + " ms";
    }
}
