package dev.tether.chaos;

import dev.tether.chaos.harness.Canaries;
import dev.tether.chaos.harness.LogTap;
import dev.tether.chaos.report.ChaosReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Checks on what a chaos run leaves behind: the report renders, and no canary password got out. */
final class ReportChecks {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private ReportChecks() {
    }

    static void assertNoCanaryLeaked(LogTap tap) throws IOException {
        assertThat(Canaries.issued()).as("canary passwords used").isPositive();
        assertThat(tap.leaks()).as("log events containing a canary password").isZero();
        for (Path file : ChaosReport.global().files()) {
            assertThat(Canaries.leakedIn(Files.readString(file, StandardCharsets.UTF_8))).as("canary in %s", file).isFalse();
        }
        Path log = Path.of(System.getProperty("chaos.log.dir", "target/chaos-logs"), "chaos.log");
        if (Files.exists(log)) {
            assertThat(Canaries.leakedIn(Files.readString(log, StandardCharsets.ISO_8859_1))).as("canary in %s", log).isFalse();
        }
    }

    /**
     * Opens index.html in headless Chromium at a desktop and a phone width: every scenario's charts have a size and
     * a drawn line, and nothing is wider than the window.
     */
    static void assertEveryScenarioRendersInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium (Debian package chromium) is not installed");
        List<String> scenarios = ChaosReport.global().results().stream().map(r -> r.scenario()).distinct().toList();
        assumeTrue(!scenarios.isEmpty(), "no scenario ran");
        for (int[] size : new int[][]{{1280, 900}, {390, 844}}) {
            String html = renderedDom(size[0], size[1]);
            assertThat(html).as("rendered at %d px", size[0]).contains("data-scenarios-rendered=\"" + scenarios.size() + "\"");
            assertThat(html).as("nothing wider than %d px", size[0]).contains("data-fits=\"yes\"");
            for (String scenario : scenarios) {
                assertThat(html).contains("id=\"scenario-" + scenario + "\" data-rendered=\"yes\"");
            }
        }
    }

    private static String renderedDom(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("chaos-chromium");
        try {
            Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--user-data-dir=" + profile, "--dump-dom", ChaosReport.global().html().toAbsolutePath().toUri().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] dom = chromium.getInputStream().readAllBytes();
            assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium exited").isTrue();
            return new String(dom, StandardCharsets.UTF_8);
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
