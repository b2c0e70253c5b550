package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.Timeline;

import java.util.List;
import java.util.Map;

/** {@code report.json}: one object per run. Hand-written: the suite needs no JSON library for this. */
final class JsonReport {
    private JsonReport() {
    }

    static String render(String backend, List<ScenarioResult> results) {
        StringBuilder s = new StringBuilder("{\n  \"backend\": ").append(str(backend))
                .append(",\n  \"bucketMillis\": ").append(Timeline.BUCKET_MILLIS).append(",\n  \"runs\": [");
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("    {");
            field(s, "scenario", str(r.scenario()), true);
            field(s, "title", str(r.title()), false);
            field(s, "transport", str(r.transport()), false);
            field(s, "client", str(r.client()), false);
            field(s, "recoveryMs", num(r.recoveryMs()), false);
            field(s, "stallDetectionMs", num(r.stallDetectionMs()), false);
            field(s, "firstErrorMs", num(r.firstErrorMs()), false);
            s.append(", \"outcomes\": {\"ok\": ").append(r.ok()).append(", \"notSent\": ").append(r.notSent())
                    .append(", \"failed\": ").append(r.failed()).append(", \"byType\": {");
            int n = 0;
            for (Map.Entry<String, Long> e : r.failuresByType().entrySet()) {
                s.append(n++ == 0 ? "" : ", ").append(str(e.getKey())).append(": ").append(e.getValue());
            }
            s.append("}}");
            field(s, "lost", String.valueOf(r.lost()), false);
            field(s, "phantom", num(r.phantom()), false);
            field(s, "misdelivered", String.valueOf(r.misdelivered()), false);
            field(s, "hung", String.valueOf(r.hung()), false);
            field(s, "warnLines", String.valueOf(r.warnLines()), false);
            field(s, "connections", r.connections() == null ? "null" : String.valueOf(r.connections()), false);
            field(s, "durationMs", String.valueOf(r.durationMs()), false);
            field(s, "faultStartMs", String.valueOf(r.faultStartMs()), false);
            field(s, "faultEndMs", String.valueOf(r.faultEndMs()), false);
            field(s, "okPerBucket", array(r.okBuckets()), false);
            field(s, "errorsPerBucket", array(r.errorBuckets()), false);
            s.append('}');
        }
        return s.append("\n  ]\n}\n").toString();
    }

    private static void field(StringBuilder s, String name, String json, boolean first) {
        s.append(first ? "" : ", ").append('"').append(name).append("\": ").append(json);
    }

    private static String num(Long value) {
        return value == null ? "null" : value.toString();
    }

    private static String array(int[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append(values[i]);
        }
        return s.append(']').toString();
    }

    static String str(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
