package dev.tether.chaos.report;

import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.Timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html}: the one-screen summary first, then per scenario and transport tether and each peer side by
 * side on the same scales (the median run's timeline: successful calls per second as a line, failed calls as bars,
 * the fault window shaded), each with its distributions, and a strip of every run's recovery on one axis. Inline
 * SVG and CSS, no external assets; charts scale to the page width (desktop and phone). A small inline script
 * marks each scenario {@code data-rendered="yes"} once its charts have a size and a drawn line, and the body
 * {@code data-fits="yes"} when nothing is wider than the window; the rendering test reads both back.
 */
final class HtmlReport {
    private static final int WIDTH = 420;
    private static final int HEIGHT = 150;
    private static final int LEFT = 44;
    private static final int RIGHT = 8;
    private static final int TOP = 8;
    private static final int OK_BAND = 84;
    private static final int ERR_BAND = 30;

    private HtmlReport() {
    }

    static String render(String backend, Summary summary, List<Cell> cells) {
        StringBuilder s = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>tether chaos report</title>
                <style>
                body{font:14px system-ui,sans-serif;margin:16px;color:#222;max-width:1400px}
                .headline{font-size:18px;padding:12px 14px;background:#eef6ee;border-left:4px solid #1a7f37;margin:8px 0 12px}
                table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
                .scroll{overflow-x:auto;max-width:100%}
                section.scenario{margin:26px 0}
                .row{display:grid;grid-template-columns:repeat(auto-fill,minmax(290px,1fr));gap:10px;margin:6px 0}
                figure{margin:0;border:1px solid #ddd;background:#fafafa;padding:6px;min-width:0}
                figure.tether{border-color:#1a7f37}
                figcaption{font-weight:600;margin-bottom:4px}
                svg{display:block;width:100%;height:auto}
                .fault{fill:#f4b400;opacity:.25}.ok{fill:none;stroke:#1a7f37;stroke-width:1.5}.err{fill:#cf222e}
                .dot{fill:#1a7f37}.dot.peer{fill:#555}
                text{font:10px system-ui,sans-serif;fill:#444}
                dl{display:grid;grid-template-columns:auto 1fr;gap:1px 8px;margin:4px 0 0;font-size:12px}dt{color:#666}dd{margin:0}
                .wide{color:#b35900;font-weight:600}.bad{color:#cf222e;font-weight:600}
                </style></head><body>
                <h1>tether chaos report</h1>
                """);
        s.append("<p class=\"headline\" id=\"summary\">").append(esc(summary.headline())).append("</p>\n");
        summaryTable(s, summary);
        s.append("<p>Fault backend: ").append(esc(backend)).append(". Each chart is the median-recovery run of its cell; ")
                .append("green: successful calls/s, red: failed calls/s (own scale), shaded: fault window; charts of one scenario ")
                .append("share their scales. Figures: p50 / p95 / max ms over the repetitions; ⚠ = wide spread.</p>\n");

        Map<String, List<Cell>> byScenario = new LinkedHashMap<>();
        cells.forEach(c -> byScenario.computeIfAbsent(c.scenario(), k -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<Cell>> e : byScenario.entrySet()) {
            List<Cell> group = e.getValue();
            Scale scale = Scale.of(group);
            s.append("<section class=\"scenario\" id=\"scenario-").append(esc(e.getKey())).append("\">\n<h2>").append(esc(e.getKey()))
                    .append("</h2><p>").append(esc(group.get(0).title())).append("</p>\n");
            Map<String, List<Cell>> byTransport = new LinkedHashMap<>();
            group.forEach(c -> byTransport.computeIfAbsent(c.transport(), k -> new ArrayList<>()).add(c));
            for (Map.Entry<String, List<Cell>> t : byTransport.entrySet()) {
                s.append("<h3>").append(esc(t.getKey())).append("</h3>\n<div class=\"row\">\n");
                for (Cell c : t.getValue()) {
                    figure(s, c, scale);
                }
                s.append("</div>\n");
                strip(s, t.getValue(), scale);
            }
            s.append("</section>\n");
        }
        s.append("""
                <script>
                document.addEventListener('DOMContentLoaded', function () {
                  var rendered = 0;
                  document.querySelectorAll('section.scenario').forEach(function (section) {
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
                  var fits = document.documentElement.scrollWidth <= window.innerWidth + 1;
                  document.body.setAttribute('data-fits', fits ? 'yes' : 'no');
                  document.body.setAttribute('data-width', String(window.innerWidth));
                });
                </script>
                </body></html>
                """);
        return s.toString();
    }

    private static void summaryTable(StringBuilder s, Summary summary) {
        s.append("<div class=\"scroll\"><table><tr><th>scenario</th><th>tether recovery</th><th>best peer</th><th>its recovery</th>")
                .append("<th>tether's promises</th><th>detection bound</th></tr>\n");
        for (Summary.Row r : summary.rows()) {
            s.append("<tr><td><a href=\"#scenario-").append(esc(r.scenario())).append("\">").append(esc(r.scenario())).append("</a></td><td")
                    .append(r.wide() ? " class=\"wide\"" : "").append(">").append(esc(r.tether().text())).append(r.wide() ? " ⚠" : "")
                    .append("</td><td>").append(r.bestPeer() == null ? "-" : esc(r.bestPeer())).append("</td><td>")
                    .append(r.peer() == null ? "-" : esc(r.peer().text())).append("</td><td")
                    .append(r.tetherHeld() ? ">held" : " class=\"bad\">broken").append("</td><td")
                    .append(r.boundMet() == null ? ">" : r.boundMet() ? ">met" : " class=\"bad\">missed").append("</td></tr>\n");
        }
        s.append("</table></div>\n");
    }

    /** The scales every chart of one scenario shares. */
    private record Scale(long durationMs, int maxOk, int maxErr, long maxRecovery) {
        static Scale of(List<Cell> cells) {
            long duration = 1;
            int ok = 1;
            int err = 1;
            long recovery = 1;
            for (Cell c : cells) {
                ScenarioResult r = c.medianRun();
                duration = Math.max(duration, r.series().durationMs());
                ok = Math.max(ok, max(r.series().okBuckets()));
                err = Math.max(err, max(r.series().errorBuckets()));
                for (ScenarioResult run : c.runs()) {
                    recovery = Math.max(recovery, run.recoveryMs() == null ? 0 : run.recoveryMs());
                }
            }
            return new Scale(duration, ok, err, recovery);
        }
    }

    private static void figure(StringBuilder s, Cell c, Scale scale) {
        boolean tether = c.client().equals("tether");
        s.append("<figure class=\"").append(tether ? "tether" : "peer").append("\" data-client=\"").append(esc(c.client()))
                .append("\"><figcaption>").append(esc(c.client())).append("</figcaption>\n");
        chart(s, c.medianRun(), scale);
        s.append("<dl><dt>recovery</dt><dd").append(c.recovery().wide() ? " class=\"wide\"" : "").append(">")
                .append(esc(c.recovery().text())).append(c.recovery().wide() ? " ⚠" : "").append("</dd>")
                .append("<dt>stall detection</dt><dd").append(c.stallDetection().wide() ? " class=\"wide\"" : "").append(">")
                .append(esc(c.stallDetection().text()));
        if (c.detectionBoundMs() != null) {
            s.append(Boolean.TRUE.equals(c.boundMet()) ? " (bound " + c.detectionBoundMs() + ": met)"
                    : " <span class=\"bad\">(bound " + c.detectionBoundMs() + ": missed)</span>");
        }
        s.append("</dd><dt>first error</dt><dd>").append(esc(c.firstError().text())).append("</dd>")
                .append("<dt>lost · phantom · misdelivered · hung</dt><dd").append(held(c) ? ">" : " class=\"bad\">")
                .append(c.lost()).append(" · ").append(c.phantom() == null ? "n/a" : c.phantom()).append(" · ").append(c.misdelivered())
                .append(" · ").append(c.hung()).append("</dd><dt>runs</dt><dd>").append(c.runs().size()).append("</dd></dl></figure>\n");
    }

    private static boolean held(Cell c) {
        return c.lost() == 0 && (c.phantom() == null || c.phantom() == 0) && c.misdelivered() == 0 && c.hung() == 0;
    }

    private static void chart(StringBuilder s, ScenarioResult r, Scale scale) {
        int[] ok = r.series().okBuckets();
        int[] err = r.series().errorBuckets();
        double plotWidth = WIDTH - LEFT - RIGHT;
        double span = Math.max(1, scale.durationMs());
        double perSecond = 1000.0 / Timeline.BUCKET_MILLIS;
        double x0 = LEFT + plotWidth * r.series().faultStartMs() / span;
        double x1 = LEFT + plotWidth * Math.max(r.series().faultEndMs(), r.series().faultStartMs() + 20) / span;
        s.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" preserveAspectRatio=\"xMinYMin meet\" data-client=\"").append(esc(r.client())).append("\" data-transport=\"")
                .append(esc(r.transport())).append("\">\n");
        s.append(String.format(Locale.ROOT, "<rect class=\"fault\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>%n",
                x0, TOP, Math.max(2, x1 - x0), OK_BAND + ERR_BAND + 8));
        s.append("<polyline class=\"ok\" points=\"");
        double bucketWidth = plotWidth * Timeline.BUCKET_MILLIS / span;
        for (int i = 0; i < ok.length; i++) {
            double x = LEFT + bucketWidth * (i + 0.5);
            double y = TOP + OK_BAND - OK_BAND * (double) ok[i] / scale.maxOk();
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (ok.length == 1) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + plotWidth, TOP + OK_BAND - OK_BAND * (double) ok[0] / scale.maxOk()));
        }
        s.append("\"/>\n");
        int errBase = TOP + OK_BAND + 8 + ERR_BAND;
        for (int i = 0; i < err.length; i++) {
            if (err[i] > 0) {
                double h = Math.max(1, ERR_BAND * (double) err[i] / scale.maxErr());
                s.append(String.format(Locale.ROOT, "<rect class=\"err\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                        LEFT + bucketWidth * i, errBase - h, Math.max(1, bucketWidth), h));
            }
        }
        s.append('\n');
        s.append("<text x=\"2\" y=\"").append(TOP + 8).append("\">").append(Math.round(scale.maxOk() * perSecond)).append("/s</text>");
        s.append("<text x=\"2\" y=\"").append(errBase - ERR_BAND + 8).append("\" style=\"fill:#cf222e\">")
                .append(Math.round(scale.maxErr() * perSecond)).append(" err/s</text>");
        s.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 2).append("\">0 s</text>");
        s.append("<text x=\"").append(WIDTH - RIGHT - 34).append("\" y=\"").append(HEIGHT - 2).append("\">")
                .append(String.format(Locale.ROOT, "%.1f s", span / 1000.0)).append("</text>\n</svg>\n");
    }

    /** Every run's recovery, one line per client, on the scenario's shared axis. */
    private static void strip(StringBuilder s, List<Cell> cells, Scale scale) {
        int rowHeight = 16;
        int height = rowHeight * cells.size() + 16;
        double plotWidth = 2 * WIDTH - 120 - RIGHT;
        s.append("<svg class=\"strip\" viewBox=\"0 0 ").append(2 * WIDTH).append(' ').append(height)
                .append("\" preserveAspectRatio=\"xMinYMin meet\" style=\"max-width:").append(2 * WIDTH).append("px\">\n");
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            int y = rowHeight * i + 12;
            s.append("<text x=\"2\" y=\"").append(y + 3).append("\">").append(esc(c.client())).append("</text>");
            for (ScenarioResult r : c.runs()) {
                if (r.recoveryMs() != null) {
                    double x = 120 + plotWidth * r.recoveryMs() / (double) scale.maxRecovery();
                    s.append(String.format(Locale.ROOT, "<circle class=\"dot%s\" cx=\"%.1f\" cy=\"%d\" r=\"3\"/>",
                            c.client().equals("tether") ? "" : " peer", x, y));
                }
            }
            s.append('\n');
        }
        s.append("<text x=\"120\" y=\"").append(height - 2).append("\">recovery 0 ms</text><text x=\"").append(2 * WIDTH - 70)
                .append("\" y=\"").append(height - 2).append("\">").append(scale.maxRecovery()).append(" ms</text>\n</svg>\n");
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
