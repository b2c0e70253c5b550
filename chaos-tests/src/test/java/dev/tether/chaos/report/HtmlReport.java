package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.Timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html}: per scenario, one timeline per transport × client (successful calls per second as a
 * line, failed calls per second as bars on their own scale, the fault window shaded), inline SVG, no external
 * assets. A small inline script marks each scenario {@code data-rendered="yes"} once its charts have a size
 * and a drawn line, which the rendering test reads back from headless Chromium.
 */
final class HtmlReport {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 170;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 22;
    private static final int OK_BAND = 90;
    private static final int ERR_BAND = 34;

    private HtmlReport() {
    }

    static String render(String backend, List<ScenarioResult> results) {
        Map<String, List<ScenarioResult>> byScenario = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            byScenario.computeIfAbsent(r.scenario(), k -> new java.util.ArrayList<>()).add(r);
        }
        StringBuilder s = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>tether chaos report</title>
                <style>
                body{font:14px system-ui,sans-serif;margin:24px;color:#222}
                section.scenario{margin-bottom:28px}
                svg.timeline{display:block;margin:6px 0;background:#fafafa;border:1px solid #ddd}
                .fault{fill:#f4b400;opacity:.25}.ok{fill:none;stroke:#1a7f37;stroke-width:1.5}.err{fill:#cf222e}
                text{font:11px system-ui,sans-serif;fill:#444}
                </style></head><body>
                <h1>tether chaos report</h1>
                """);
        s.append("<p>Fault proxy backend: ").append(esc(backend)).append(". Green: successful calls/s. Red: failed calls/s (own scale). ")
                .append("Shaded: fault window. Bucket ").append(Timeline.BUCKET_MILLIS).append(" ms.</p>\n");
        for (Map.Entry<String, List<ScenarioResult>> e : byScenario.entrySet()) {
            s.append("<section class=\"scenario\" id=\"scenario-").append(esc(e.getKey())).append("\">\n<h2>").append(esc(e.getKey()))
                    .append("</h2><p>").append(esc(e.getValue().get(0).title())).append("</p>\n");
            for (ScenarioResult r : e.getValue()) {
                chart(s, r);
            }
            s.append("</section>\n");
        }
        s.append("""
                <script>
                document.addEventListener('DOMContentLoaded', function () {
                  var sections = document.querySelectorAll('section.scenario');
                  var rendered = 0;
                  sections.forEach(function (section) {
                    var charts = section.querySelectorAll('svg.timeline');
                    var ok = charts.length > 0;
                    charts.forEach(function (svg) {
                      var box = svg.getBoundingClientRect();
                      var line = svg.querySelector('polyline.ok');
                      ok = ok && box.width > 0 && box.height > 0 && line !== null && line.getTotalLength() > 0;
                    });
                    section.setAttribute('data-rendered', ok ? 'yes' : 'no');
                    if (ok) { rendered++; }
                  });
                  document.body.setAttribute('data-scenarios-rendered', String(rendered));
                });
                </script>
                </body></html>
                """);
        return s.toString();
    }

    private static void chart(StringBuilder s, ScenarioResult r) {
        int[] ok = r.okBuckets();
        int[] err = r.errorBuckets();
        int n = Math.max(1, ok.length);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double perSecond = 1000.0 / Timeline.BUCKET_MILLIS;
        int maxOk = Math.max(1, max(ok));
        int maxErr = Math.max(1, max(err));
        double x0 = LEFT + plotWidth * r.faultStartMs() / (n * (double) Timeline.BUCKET_MILLIS);
        double x1 = LEFT + plotWidth * Math.max(r.faultEndMs(), r.faultStartMs() + 20) / (n * (double) Timeline.BUCKET_MILLIS);
        s.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" data-client=\"").append(esc(r.client()))
                .append("\" data-transport=\"").append(esc(r.transport())).append("\">\n");
        s.append("<text x=\"4\" y=\"14\">").append(esc(r.transport() + " · " + r.client())).append(" — recovery ")
                .append(r.recoveryMs() == null ? "none" : r.recoveryMs() + " ms").append(", stall detection ")
                .append(r.stallDetectionMs() == null ? "-" : r.stallDetectionMs() + " ms").append(", failed ")
                .append(r.failed() + r.notSent()).append(", lost ").append(r.lost()).append(", hung ").append(r.hung()).append("</text>\n");
        s.append(String.format(Locale.ROOT, "<rect class=\"fault\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>%n",
                x0, TOP, Math.max(2, x1 - x0), OK_BAND + ERR_BAND + 8));
        s.append("<polyline class=\"ok\" points=\"");
        for (int i = 0; i < ok.length; i++) {
            double x = LEFT + plotWidth * (i + 0.5) / n;
            double y = TOP + OK_BAND - OK_BAND * (double) ok[i] / maxOk;
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (ok.length == 1) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + plotWidth, TOP + OK_BAND - OK_BAND * (double) ok[0] / maxOk));
        }
        s.append("\"/>\n");
        double barWidth = Math.max(1, plotWidth / n);
        int errBase = TOP + OK_BAND + 8 + ERR_BAND;
        for (int i = 0; i < err.length; i++) {
            if (err[i] > 0) {
                double h = Math.max(1, ERR_BAND * (double) err[i] / maxErr);
                s.append(String.format(Locale.ROOT, "<rect class=\"err\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                        LEFT + plotWidth * i / n, errBase - h, barWidth, h));
            }
        }
        s.append('\n');
        s.append("<text x=\"4\" y=\"").append(TOP + 10).append("\">").append(Math.round(maxOk * perSecond)).append("/s</text>");
        s.append("<text x=\"4\" y=\"").append(errBase - ERR_BAND + 10).append("\" style=\"fill:#cf222e\">")
                .append(Math.round(maxErr * perSecond)).append(" err/s</text>");
        s.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 4).append("\">0 s</text>");
        s.append("<text x=\"").append(WIDTH - RIGHT - 40).append("\" y=\"").append(HEIGHT - 4).append("\">")
                .append(String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)).append("</text>\n</svg>\n");
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
