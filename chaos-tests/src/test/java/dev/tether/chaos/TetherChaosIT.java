package dev.tether.chaos;

import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.harness.RunLimits;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.ScenarioRunner;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import org.assertj.core.api.SoftAssertions;
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
 * tether's shared connection through every chaos scenario, over plaintext and TLS. Asserts what a user must be
 * able to rely on (nothing lost, no phantom write, no misdelivered reply, no hung call, recovery and stall
 * detection within generous bounds); the timings themselves go to the report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TetherChaosIT {
    /** Recovery budget: fault cleared → first successful call ({@code -Dchaos.recovery.budget.ms}). Generous; timings go to the report. */
    static final long RECOVERY_BUDGET_MS = Long.getLong("chaos.recovery.budget.ms", 5_000);
    /** Stall detection bound: fault start → connection replaced ({@code -Dchaos.stall.bound.ms}; the goal is 2 s with defaults). */
    static final long STALL_DETECTION_BOUND_MS = Long.getLong("chaos.stall.bound.ms", 4_000);

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

    static Stream<Arguments> scenarios() {
        return Selection.scenarios().flatMap(s -> Selection.transports().map(t -> Arguments.of(s, t)));
    }

    @Order(1)
    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("scenarios")
    void sharedConnectionLosesNothingNeverHangsAndRecoversWithinBudget(Scenario scenario, Transport transport) throws Exception {
        ScenarioResult r = runner.run(scenario, transport, ClientKind.TETHER, RunLimits.tether());
        ChaosReport.global().add(r);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.lost()).as("acknowledged writes lost").isZero();
        soft.assertThat(r.phantom()).as("writes applied although the caller was told 'not sent'").isZero();
        soft.assertThat(r.misdelivered()).as("replies delivered to the wrong command").isZero();
        soft.assertThat(r.hung()).as("calls with no return within the bound").isZero();
        soft.assertThat(r.recoveryMs()).as("recovery ms (fault cleared → first successful call)").isNotNull()
                .isLessThanOrEqualTo(RECOVERY_BUDGET_MS);
        if (scenario.kind() == Scenario.Kind.STALL) {
            soft.assertThat(r.stallDetectionMs()).as("stall detection ms (fault start → connection replaced)").isNotNull()
                    .isLessThanOrEqualTo(STALL_DETECTION_BOUND_MS);
        }
        soft.assertAll();
    }

    @Order(2)
    @Test
    void noCanaryPasswordReachesTheReportOrTheLogs() throws Exception {
        ReportChecks.assertNoCanaryLeaked(runner.logTap());
    }

    @Order(3)
    @Test
    void reportRendersATimelineForEveryScenarioInHeadlessChromium() throws Exception {
        ReportChecks.assertEveryScenarioRendersInChromium();
    }
}
