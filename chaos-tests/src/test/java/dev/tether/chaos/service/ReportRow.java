package dev.tether.chaos.service;

/** One row of {@code service-scenarios.md}: what ran, what was measured, what the invariants came to. */
record ReportRow(String scenario, String transport, String figures, String invariants) {
    String markdown() {
        return "| " + scenario + " | " + transport + " | " + figures.replace("|", "/") + " | " + invariants.replace("|", "/") + " |";
    }
}
