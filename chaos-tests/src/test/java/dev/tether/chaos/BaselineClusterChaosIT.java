package dev.tether.chaos;

import dev.tether.chaos.clients.ClusterClientKinds;
import dev.tether.chaos.cluster.ClusterRun;
import dev.tether.chaos.cluster.ClusterRuns;
import dev.tether.chaos.cluster.ClusterScenario;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * The cluster and Sentinel scenarios of {@link ClusterChaosIT} with the clients a user would pick instead, untuned:
 * Lettuce's {@code RedisClusterClient} with defaults and with "all adaptive triggers + periodic refresh", Jedis's
 * {@code JedisCluster}, Redisson's cluster mode; for Sentinel, Lettuce's {@code redis-sentinel://} client, Jedis's
 * {@code JedisSentinelPool} and Redisson's sentinel mode. Plaintext and TLS (only the test CA trusted; the endpoint move
 * plaintext only, as for tether; {@code -Dchaos.transports} narrows). Measured, never asserted; each run bounded. Only
 * with {@code -Pbaselines}; tether's rows come from {@link ClusterChaosIT} in the same run (with
 * {@code -Dchaos.matrix=full} for its TLS rows beyond the primary kill).
 */
class BaselineClusterChaosIT {

    static Stream<Arguments> runs() {
        return ClusterChaosIT.selected().flatMap(s -> Selection.transports().filter(t -> t == Transport.PLAIN || ClusterChaosIT.TLS_TOO.contains(s))
                .flatMap(t -> ClusterClientKinds.peers().filter(k -> !s.sentinel() || k.speaksSentinel())
                        .flatMap(k -> Selection.clusterRepetitions().map(n -> Arguments.of(s, t, k, n)))));
    }

    @ParameterizedTest(name = "{0} over {1} with {2} #{3}")
    @MethodSource("runs")
    void peerMeasuredOnTheSameFault(ClusterScenario scenario, Transport transport, ClusterClientKinds kind, int repetition) {
        ClusterRun.Outcome outcome = ClusterRuns.run(scenario, transport, kind, repetition, ClusterRun.Limits.standard());
        ChaosReport.global().backend(ClusterRuns.BACKEND);
        ChaosReport.global().add(outcome.result(), outcome.figures());
    }
}
