package dev.tether.chaos;

import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.harness.NetworkScenario;
import dev.tether.chaos.harness.RunLimits;
import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.ScenarioRunner;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import dev.tether.testkit.Managed;
import dev.tether.testkit.Testkit;
import dev.tether.testkit.netns.NetworkNamespace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * tether under faults below the proxy: the server in a network namespace, packets dropped, reset or forgotten by
 * the kernel. Same promises as {@link TetherChaosIT}; an idle blackhole must be noticed within the provider
 * preset's bound. Skipped (never failed) without root, {@code ip netns} or {@code nft}.
 */
@Testkit
class NetworkChaosIT {
    @Managed
    static ScenarioRunner runner;
    @Managed
    static NetworkNamespace namespace;

    /** Over TLS in {@code verify} as well: RSTs cut the handshakes. The others run over TLS with {@code -Pchaos-full}. */
    static final Set<NetworkScenario> TLS_DIFFERS = EnumSet.of(NetworkScenario.RST);

    /** Every network scenario, in {@code verify} too. */
    static Stream<Arguments> scenarios() {
        return Selection.select(NetworkScenario.values(), EnumSet.allOf(NetworkScenario.class), NetworkScenario::id)
                .flatMap(s -> Selection.transports(TLS_DIFFERS.contains(s))
                .flatMap(t -> Selection.repetitions(t).map(n -> Arguments.of(s, t, n))));
    }

    @ParameterizedTest(name = "{0} over {1} #{2}")
    @MethodSource("scenarios")
    void sharedConnectionKeepsItsPromisesWhenTheNetworkDropsResetsOrForgetsPackets(NetworkScenario scenario, Transport transport,
                                                                                   int repetition) throws Exception {
        ScenarioResult r = runner.run(scenario, namespace, transport, ClientKind.TETHER, RunLimits.tether(), repetition);
        ChaosReport.global().add(r);
        TetherPromises.assertKept(r, scenario.kind() == dev.tether.chaos.harness.Scenario.Kind.STALL);
    }
}
