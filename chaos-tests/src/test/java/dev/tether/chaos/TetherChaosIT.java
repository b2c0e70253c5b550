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

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * tether's shared connection through the chaos scenarios (see {@link Selection}: in {@code verify} every fault class,
 * over TLS where TLS differs; every scenario over both with {@code -Pchaos-full}), each run {@code chaos.repetitions} times. Asserts what a user must be able to rely on (nothing lost, no phantom write,
 * no misdelivered reply, no hung call, recovery and stall detection within generous bounds); the timings
 * themselves go to the report.
 */
@Testkit
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TetherChaosIT {
    @Managed
    static ScenarioRunner runner;

    /**
     * In {@code verify}: every scenario but {@code outage-10s} ({@code outage-1s} covers the outage; the long one, where
     * the backoff reaches its ceiling, runs with {@code -Pchaos-full}).
     */
    static final Set<Scenario> REPRESENTATIVE = EnumSet.complementOf(EnumSet.of(Scenario.OUTAGE_10S));
    /**
     * Over TLS in {@code verify} as well: a reset cuts handshakes ({@code reset-peer}), a frozen path must be closed without
     * a close_notify getting through ({@code stall}), a reply cut or sliced mid TLS record ({@code limit-data},
     * {@code slicer}), the first handshake against an unreachable server ({@code bootstrap}). The other scenarios behave
     * the same over TLS (each reconnect is a handshake, already covered); they run over TLS with {@code -Pchaos-full}.
     */
    static final Set<Scenario> TLS_DIFFERS = EnumSet.of(Scenario.RESET_PEER, Scenario.STALL, Scenario.LIMIT_DATA, Scenario.SLICER,
            Scenario.BOOTSTRAP);

    static Stream<Arguments> scenarios() {
        return Selection.select(Scenario.values(), REPRESENTATIVE, Scenario::id).flatMap(s -> Selection.transports(TLS_DIFFERS.contains(s))
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
