package dev.tether.chaos;

import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.harness.RunLimits;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.ScenarioResult;
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
 * tether's shared connection through every chaos scenario, over plaintext and TLS, each run
 * {@code chaos.repetitions} times. Asserts what a user must be able to rely on (nothing lost, no phantom write,
 * no misdelivered reply, no hung call, recovery and stall detection within generous bounds); the timings
 * themselves go to the report.
 */
@Testkit
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TetherChaosIT {
    @Managed
    static ScenarioRunner runner;

    static Stream<Arguments> scenarios() {
        return Selection.scenarios().flatMap(s -> Selection.transports()
                .flatMap(t -> Selection.repetitions(t).map(n -> Arguments.of(s, t, n))));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} over {1} #{2}")
    @MethodSource("scenarios")
    void sharedConnectionLosesNothingNeverHangsAndRecoversWithinBudget(Scenario scenario, Transport transport, int repetition)
            throws Exception {
        ScenarioResult r = runner.run(scenario, transport, ClientKind.TETHER, RunLimits.tether(), repetition);
        ChaosReport.global().add(r);
        TetherPromises.assertKept(r, scenario.kind() == Scenario.Kind.STALL);
    }

    @Order(2)
    @Test
    void noCanaryPasswordReachesTheReportOrTheLogs() throws Exception {
        ReportChecks.assertNoCanaryLeaked(runner.logTap());
    }

    @Order(3)
    @Test
    void reportRendersEveryScenarioInHeadlessChromiumAtDesktopAndPhoneWidths() throws Exception {
        ReportChecks.assertEveryScenarioRendersInChromium();
    }
}
