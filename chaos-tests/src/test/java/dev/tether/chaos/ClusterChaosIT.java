package dev.tether.chaos;

import dev.tether.chaos.clients.ClusterClientKinds;
import dev.tether.chaos.cluster.ClusterRun;
import dev.tether.chaos.cluster.ClusterRuns;
import dev.tether.chaos.cluster.ClusterScenario;
import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.report.ChaosReport;
import dev.tether.chaos.report.ClusterFigures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tether's shared connection on a real local Redis Cluster (3 primaries + 3 replicas, {@code cluster-node-timeout}
 * 1 s, a fresh one per run) and a Sentinel set, configured from {@code REDIS_URL} as a user does: a primary killed,
 * a manual failover, a slot migrated mid-traffic, a primary frozen, slots left uncovered, a Sentinel failover
 * ({@code verify} runs {@link #REPRESENTATIVE}, {@code -Pchaos-full} all), and a managed-style replacement of every node
 * behind the configuration endpoint's name. Plain always; TLS for the primary kill in {@code verify}, for every scenario
 * but the endpoint move with {@code -Pchaos-full}. Asserts what a user relies on: no call hung, no reply
 * misdelivered, no acknowledged write lost that the server kept (in a Sentinel failover, none at all), no raw
 * {@code MOVED}/{@code ASK}/{@code CROSSSLOT} reaching the caller, and after a primary kill, a Sentinel failover or the
 * endpoint move writes to the affected slots succeeding within {@code cluster-node-timeout} + 1 s of the cluster's own
 * promotion (for the endpoint move: of the old fleet being gone and the name moved). Timings go to the report.
 */
class ClusterChaosIT {
    /** The bound after the cluster's own recovery: cluster-node-timeout (1 s, testkit's default) + 1 s. */
    static final Duration AFTER_PROMOTION_BOUND = Duration.ofSeconds(2);
    /**
     * Over TLS as well (with {@code -Pchaos-full}, and in {@code -Pbaselines} beside the peers): every scenario but the
     * endpoint move, whose new fleet would need certificates naming the endpoint and its new address.
     */
    static final Set<ClusterScenario> TLS_TOO = EnumSet.complementOf(EnumSet.of(ClusterScenario.ENDPOINT_MOVED));
    /**
     * In {@code verify}: a primary killed (cluster failover), a slot migrated (ASK, then MOVED), a Sentinel failover; the
     * primary kill over TLS too (per-node TLS connections to the promoted replica). The manual failover, the frozen node,
     * the uncovered slots, the endpoint move (about 20 s a run) and TLS for the rest run with {@code -Pchaos-full}.
     */
    static final Set<ClusterScenario> REPRESENTATIVE = EnumSet.of(ClusterScenario.PRIMARY_KILL, ClusterScenario.SLOT_MIGRATION,
            ClusterScenario.SENTINEL_FAILOVER);
    private static final Set<ClusterScenario> TLS_IN_VERIFY = EnumSet.of(ClusterScenario.PRIMARY_KILL);
    /** Where writes must reach the affected slots within {@link #AFTER_PROMOTION_BOUND} of the floor. */
    private static final Set<ClusterScenario> BOUNDED_AFTER_FLOOR = EnumSet.of(ClusterScenario.PRIMARY_KILL,
            ClusterScenario.SENTINEL_FAILOVER, ClusterScenario.ENDPOINT_MOVED);

    static Stream<Arguments> runs() {
        return Selection.select(ClusterScenario.values(), REPRESENTATIVE, ClusterScenario::id)
                .flatMap(s -> Selection.transports(TLS_IN_VERIFY.contains(s)).filter(t -> t == Transport.PLAIN || TLS_TOO.contains(s))
                        .flatMap(t -> Selection.clusterRepetitions().map(n -> Arguments.of(s, t, n))));
    }

    /** Every scenario, or those named in {@code -Dchaos.scenarios} (by id): the baselines compare all of them. */
    static Stream<ClusterScenario> selected() {
        String wanted = System.getProperty("chaos.scenarios", "").trim();
        return Arrays.stream(ClusterScenario.values())
                .filter(s -> wanted.isEmpty() || Arrays.stream(wanted.split(",")).map(String::trim).anyMatch(s.id()::equals));
    }

    @ParameterizedTest(name = "{0} over {1} #{2}")
    @MethodSource("runs")
    void writesReachTheAffectedSlotsAgainWithoutHungMisdeliveredOrLostCalls(ClusterScenario scenario, Transport transport,
                                                                           int repetition) {
        ClusterRun.Outcome outcome = ClusterRuns.run(scenario, transport, ClusterClientKinds.TETHER, repetition,
                ClusterRun.Limits.standard());
        ChaosReport.global().backend(ClusterRuns.BACKEND);
        ChaosReport.global().add(outcome.result(), outcome.figures());
        ScenarioResult r = outcome.result();
        ClusterFigures f = outcome.figures();

        assertThat(f.floorMs()).as("%s: the cluster recovered by itself", r.label()).isNotNull();
        assertThat(r.recoveryMs()).as("%s: a write to the affected slots succeeded after the failure", r.label()).isNotNull();
        assertThat(f.hung()).as("%s: hung calls", r.label()).isZero();
        assertThat(f.misdelivered()).as("%s: misdelivered replies", r.label()).isZero();
        assertThat(f.lost()).as("%s: acknowledged writes lost that the server kept", r.label()).isZero();
        if (scenario == ClusterScenario.SENTINEL_FAILOVER) {
            // tether stops writing at the failover's first event, 100 ms or more before the promotion: nothing it had
            // acknowledged is left unreplicated, and nothing reaches the old primary after it
            assertThat(f.lostByServer()).as("%s: acknowledged writes lost in a Sentinel failover tether saw coming", r.label()).isZero();
        }
        assertThat(r.phantom()).as("%s: writes applied although told \"not sent\"", r.label()).isZero();
        assertThat(f.rawRedirects()).as("%s: raw MOVED/ASK/CROSSSLOT errors reaching callers: %s", r.label(), f.failedByType())
                .isZero();
        if (BOUNDED_AFTER_FLOOR.contains(scenario)) {
            assertThat(f.afterFloorMs()).as("%s: first write to the affected slots after the cluster's own promotion (floor %s ms)",
                    r.label(), f.floorMs()).isLessThanOrEqualTo(AFTER_PROMOTION_BOUND.toMillis());
        }
    }
}
