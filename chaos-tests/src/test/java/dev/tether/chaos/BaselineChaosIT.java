package dev.tether.chaos;

import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.harness.RunLimits;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.ScenarioRunner;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BaselineChaosIT {
    private ScenarioRunner runner;

    @BeforeAll
    void startFaultProxies() {
        runner = new ScenarioRunner();
        ChaosReport.global().backend(runner.backend());
    }

    @AfterAll
    void stopFaultProxies() {
        if (runner != null) {
            runner.close();
        }
    }

    static Stream<Arguments> runs() {
        return Stream.of(ClientKind.LETTUCE_DEFAULT, ClientKind.JEDIS_DEFAULT, ClientKind.REDISSON_DEFAULT)
                .flatMap(c -> Selection.scenarios().flatMap(s -> Selection.transports().map(t -> Arguments.of(c, s, t))));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1} over {2}")
    @MethodSource("runs")
    void untunedPeerIsMeasuredUnderTheSameFault(ClientKind client, Scenario scenario, Transport transport) throws Exception {
        ChaosReport.global().add(runner.run(scenario, transport, client, RunLimits.baseline()));
    }

    @Order(2)
    @Test
    void noCanaryPasswordReachesTheReport() throws Exception {
        ReportChecks.assertNoCanaryLeaked(runner.logTap());
    }

    @Order(3)
    @Test
    void reportRendersATimelineForEveryScenarioInHeadlessChromium() throws Exception {
        ReportChecks.assertEveryScenarioRendersInChromium();
    }
}
