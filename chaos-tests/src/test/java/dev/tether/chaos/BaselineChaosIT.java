package dev.tether.chaos;

import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.harness.RunLimits;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.ScenarioRunner;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import dev.tether.testkit.Managed;
import dev.tether.testkit.Testkit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * The same scenarios with the clients a user would pick instead, untuned: raw Lettuce, Jedis 8 and Redisson 4.
 * Measured and reported, never asserted: their hangs and failures are the point of comparison. Runs are
 * bounded (recovery wait, hung bound, bounded close). Only with {@code -Pbaselines}.
 */
@Testkit
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BaselineChaosIT {
    @Managed
    static ScenarioRunner runner;

    static Stream<Arguments> runs() {
        return ClientKind.peers().flatMap(c -> Selection.scenarios().flatMap(s -> Selection.transports()
                .flatMap(t -> Selection.repetitions(t).map(n -> Arguments.of(c, s, t, n)))));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1} over {2} #{3}")
    @MethodSource("runs")
    void untunedPeerIsMeasuredUnderTheSameFault(ClientKind client, Scenario scenario, Transport transport, int repetition)
            throws Exception {
        ChaosReport.global().add(runner.run(scenario, transport, client, RunLimits.baseline(), repetition));
    }

    @Order(2)
    @Test
    void noCanaryPasswordReachesTheReport() throws Exception {
        ReportChecks.assertNoCanaryLeaked(runner.logTap());
    }

    @Order(3)
    @Test
    void reportRendersEveryScenarioInHeadlessChromiumAtDesktopAndPhoneWidths() throws Exception {
        ReportChecks.assertEveryScenarioRendersInChromium();
    }
}
