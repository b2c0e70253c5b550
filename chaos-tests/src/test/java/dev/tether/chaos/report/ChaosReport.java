package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The report of this JVM's chaos runs, rewritten after every result so that a partial run still leaves one:
 * {@code report.json}, {@code report.md} and {@code index.html} in {@code chaos.report.dir} (default
 * {@code target/chaos-report}). One registry per JVM, shared by every IT class; thread-safe.
 */
public final class ChaosReport {
    private static final ChaosReport GLOBAL = new ChaosReport(Path.of(System.getProperty("chaos.report.dir", "target/chaos-report")));

    private final Path directory;
    private final List<ScenarioResult> results = new ArrayList<>();
    private String backend = "unknown";

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

    public synchronized void backend(String backend) {
        this.backend = backend;
    }

    /** Adds a result, replacing an earlier one with the same label, and rewrites the report files. */
    public synchronized void add(ScenarioResult result) {
        results.removeIf(r -> r.label().equals(result.label()));
        results.add(result);
        results.sort(Comparator.comparing(ScenarioResult::scenario, Comparator.comparingInt(ChaosReport::scenarioOrder))
                .thenComparing(ScenarioResult::transport).thenComparing(ScenarioResult::client, Comparator.comparingInt(ChaosReport::clientOrder)));
        write();
    }

    public synchronized List<ScenarioResult> results() {
        return List.copyOf(results);
    }

    /** The files written so far. */
    public List<Path> files() {
        return List.of(directory.resolve("report.json"), directory.resolve("report.md"), html());
    }

    private void write() {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("report.json"), JsonReport.render(backend, results), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("report.md"), MarkdownReport.render(backend, results), StandardCharsets.UTF_8);
            Files.writeString(html(), HtmlReport.render(backend, results), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos report to " + directory, e);
        }
    }

    private static int scenarioOrder(String id) {
        for (dev.tether.chaos.harness.Scenario s : dev.tether.chaos.harness.Scenario.values()) {
            if (s.id().equals(id)) {
                return s.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int clientOrder(String id) {
        for (dev.tether.chaos.clients.ClientKind k : dev.tether.chaos.clients.ClientKind.values()) {
            if (k.id().equals(id)) {
                return k.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }
}
