package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of this JVM's chaos runs, rewritten after every result so that a partial run still leaves one:
 * {@code report.json}, {@code report.md} and {@code index.html} in {@code chaos.report.dir} (default
 * {@code target/chaos-report}). In GitHub Actions ({@code GITHUB_STEP_SUMMARY} set) the markdown summary is
 * also appended to the job summary, once, when the JVM exits. One registry per JVM, shared by every IT class;
 * thread-safe.
 */
public final class ChaosReport {
    private static final ChaosReport GLOBAL = new ChaosReport(Path.of(System.getProperty("chaos.report.dir", "target/chaos-report")));

    private final Path directory;
    private final List<ScenarioResult> results = new ArrayList<>();
    private final Map<String, ClusterFigures> clusterFigures = new LinkedHashMap<>();
    private String backend = "unknown";
    private boolean stepSummaryHooked;

    ChaosReport(Path directory) {
        this.directory = directory;
    }

    public static ChaosReport global() {
        return GLOBAL;
    }

    public Path directory() {
        return directory;
    }

    public Path html() {
        return directory.resolve("index.html");
    }

    /** Names the fault backend(s) in the report; a second different name is added, not replaced. */
    public synchronized void backend(String name) {
        if ("unknown".equals(backend)) {
            backend = name;
        } else if (!List.of(backend.split(" \\+ ")).contains(name)) {
            backend = backend + " + " + name;
        }
    }

    /** Adds a result, replacing an earlier one with the same label, and rewrites the report files. */
    public synchronized void add(ScenarioResult result) {
        results.removeIf(r -> r.label().equals(result.label()));
        results.add(result);
        results.sort(Comparator.comparing(ScenarioResult::scenario, Comparator.comparingInt(ChaosReport::scenarioOrder))
                .thenComparing(ScenarioResult::transport).thenComparing(ScenarioResult::client, Comparator.comparingInt(ChaosReport::clientOrder))
                .thenComparingInt(r -> r.id().repetition()));
        write();
        hookStepSummary();
    }

    /** Adds a cluster or Sentinel run: its common row and its cluster figures; rewrites the report files. */
    public synchronized void add(ScenarioResult result, ClusterFigures figures) {
        clusterFigures.put(figures.label(), figures);
        add(result);
    }

    /** The cluster figures of the runs so far, by run label. */
    public synchronized Map<String, ClusterFigures> clusterFigures() {
        return Map.copyOf(clusterFigures);
    }

    public synchronized List<ScenarioResult> results() {
        return List.copyOf(results);
    }

    /** Every scenario × transport × client with its repetitions summarized, in report order. */
    public synchronized List<Cell> cells() {
        Map<String, List<ScenarioResult>> byCell = new LinkedHashMap<>();
        results.forEach(r -> byCell.computeIfAbsent(r.id().cell(), k -> new ArrayList<>()).add(r));
        return byCell.values().stream().map(Cell::of).toList();
    }

    /** The files written so far. */
    public List<Path> files() {
        return List.of(directory.resolve("report.json"), directory.resolve("report.md"), html());
    }

    private void write() {
        List<Cell> cells = cells();
        Summary summary = Summary.of(cells);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("report.json"), JsonReport.render(backend, results, cells, List.copyOf(clusterFigures.values())), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("report.md"), MarkdownReport.render(backend, summary, cells, clusterRows()), StandardCharsets.UTF_8);
            Files.writeString(html(), HtmlReport.render(backend, summary, cells), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos report to " + directory, e);
        }
    }

    /** The cluster figures in report order (the order of the common rows). */
    private List<Map.Entry<ScenarioResult, ClusterFigures>> clusterRows() {
        return results.stream().filter(r -> clusterFigures.containsKey(r.label()))
                .map(r -> Map.entry(r, clusterFigures.get(r.label()))).toList();
    }

    private void hookStepSummary() {
        String target = System.getenv("GITHUB_STEP_SUMMARY");
        if (stepSummaryHooked || target == null || target.isBlank()) {
            return;
        }
        stepSummaryHooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String text;
            synchronized (this) {
                text = MarkdownReport.summaryOnly(backend, Summary.of(cells()));
            }
            try {
                Files.writeString(Path.of(target), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("chaos report: cannot write the job summary: " + e);
            }
        }, "chaos-step-summary"));
    }

    private static int scenarioOrder(String id) {
        for (dev.tether.chaos.harness.Scenario s : dev.tether.chaos.harness.Scenario.values()) {
            if (s.id().equals(id)) {
                return s.ordinal();
            }
        }
        for (dev.tether.chaos.harness.NetworkScenario s : dev.tether.chaos.harness.NetworkScenario.values()) {
            if (s.id().equals(id)) {
                return 100 + s.ordinal();
            }
        }
        for (dev.tether.chaos.cluster.ClusterScenario s : dev.tether.chaos.cluster.ClusterScenario.values()) {
            if (s.id().equals(id)) {
                return 200 + s.ordinal();
            }
        }
        return 1000 + Math.abs(id.hashCode() % 1000);
    }

    private static int clientOrder(String id) {
        for (dev.tether.chaos.clients.ClientKind k : dev.tether.chaos.clients.ClientKind.values()) {
            if (k.id().equals(id)) {
                return k.ordinal();
            }
        }
        for (dev.tether.chaos.clients.ClusterClientKinds k : dev.tether.chaos.clients.ClusterClientKinds.values()) {
            if (k.id(false).equals(id) || k.id(true).equals(id)) {
                return 100 + k.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }
}
