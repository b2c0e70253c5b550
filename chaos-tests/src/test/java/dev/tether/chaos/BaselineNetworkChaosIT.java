package dev.tether.chaos;

import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.harness.NetworkScenario;
import dev.tether.chaos.harness.RunLimits;
import dev.tether.chaos.harness.ScenarioRunner;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import dev.tether.testkit.Managed;
import dev.tether.testkit.Testkit;
import dev.tether.testkit.netns.NetworkNamespace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** The network scenarios with the untuned peers; measured, never asserted. Only with {@code -Pbaselines}. */
@Testkit
class BaselineNetworkChaosIT {
    @Managed
    static ScenarioRunner runner;
    @Managed
    static NetworkNamespace namespace;

    static Stream<Arguments> runs() {
        return ClientKind.peers().flatMap(c -> Selection.networkScenarios().flatMap(s -> Selection.transports()
                .flatMap(t -> Selection.repetitions(t).map(n -> Arguments.of(c, s, t, n)))));
    }

    @ParameterizedTest(name = "{0}: {1} over {2} #{3}")
    @MethodSource("runs")
    void untunedPeerIsMeasuredUnderTheSameNetworkFault(ClientKind client, NetworkScenario scenario, Transport transport, int repetition)
            throws Exception {
        ChaosReport.global().add(runner.run(scenario, namespace, transport, client, RunLimits.baseline(), repetition));
    }
}
