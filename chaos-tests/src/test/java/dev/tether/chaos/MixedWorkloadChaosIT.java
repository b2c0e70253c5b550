package dev.tether.chaos;

import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.workload.MixedWorkloadRun;
import dev.tether.chaos.workload.WorkloadVerdict;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.proxy.FaultProxies;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real service's mix of commands (plain, WATCH transactions, pipelines, Lua, pub/sub, client-side
 * cache, blocking consumers, a stream consumer group) on tether's shared connection through the
 * chaos scenarios (a representative set in {@code verify}, every scenario over plaintext and TLS with {@code -Pchaos-full}). Asserts the invariants of {@link WorkloadVerdict}; writes
 * {@code chaos-report/mixed-workload.md}. Narrow with {@code -Dchaos.scenarios=...} and
 * {@code -Dchaos.transports=...} like the main suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedWorkloadChaosIT {
    /**
     * Whether "0 commands failed before their own timeout" is asserted; on by default
     * ({@code -Dchaos.workload.strictTimeouts=false} only reports it). A connection the stall watchdog
     * replaces is closed only when every command on it is answered or past its own deadline.
     * Always reported in {@code mixed-workload.md}.
     */
    static final boolean STRICT_TIMEOUTS = Boolean.parseBoolean(System.getProperty("chaos.workload.strictTimeouts", "true"));

    private FaultProxies proxies;
    private TestCertificates certificates;
    private final List<String> rows = new ArrayList<>();

    @BeforeAll
    void start() {
        proxies = FaultProxies.start();
        certificates = TestCertificates.create();
    }

    @AfterAll
    void stop() throws IOException {
        writeReport();
        if (proxies != null) {
            proxies.close();
        }
        if (certificates != null) {
            certificates.close();
        }
    }

    /**
     * In {@code verify}: a reset (every dedicated connection, subscription and transaction cut at once), a stall (the
     * watchdog replaces a connection with blocking consumers on it), latency past the command timeout (commands time
     * out on their own deadlines), a server killed (the cache and the stream group meet a restarted server). The
     * other scenarios run with {@code -Pchaos-full}; {@link TetherChaosIT} runs each of them with plain commands.
     */
    static final Set<Scenario> REPRESENTATIVE = EnumSet.of(Scenario.RESET_PEER, Scenario.STALL, Scenario.LATENCY, Scenario.SERVER_KILL);
    /** Over TLS in {@code verify} as well: a reset cuts the handshakes of every connection reconnecting at once. */
    static final Set<Scenario> TLS_DIFFERS = EnumSet.of(Scenario.RESET_PEER);

    static Stream<Arguments> scenarios() {
        return Selection.select(Scenario.values(), REPRESENTATIVE, Scenario::id)
                .flatMap(s -> Selection.transports(TLS_DIFFERS.contains(s)).map(t -> Arguments.of(s, t)));
    }

    @ParameterizedTest(name = "mixed workload: {0} over {1}")
    @MethodSource("scenarios")
    void everyCommandKindKeepsItsPromisesThroughTheFault(Scenario scenario, Transport transport) throws Exception {
        WorkloadVerdict v = new MixedWorkloadRun(proxies, certificates).run(scenario, transport);
        rows.add("| " + scenario.id() + " | " + transport.id() + " | " + v.lost() + " | " + v.phantom() + " | " + v.misdelivered() + " | "
                + v.hung() + " | " + v.foreignInTransaction() + " | " + v.staleAfterRecovery() + " | " + v.resubscribed() + " (" + v.gapsReported()
                + ") | " + v.failedBeforeOwnTimeout() + " |");

        assertKept(v);
    }

    /** The invariants of {@link WorkloadVerdict}, each one zero (resubscribed true); soft, so that every broken one is named. */
    static void assertKept(WorkloadVerdict v) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(v.lost()).as("acknowledged writes lost").isZero();
        soft.assertThat(v.phantom()).as("writes applied although 'not sent'").isZero();
        soft.assertThat(v.misdelivered()).as("misdelivered replies, messages or jobs: %s", v.misdeliveries()).isZero();
        soft.assertThat(v.hung()).as("hung calls").isZero();
        soft.assertThat(v.foreignInTransaction()).as("writes inside someone else's transaction").isZero();
        soft.assertThat(v.staleAfterRecovery()).as("stale cache entries after recovery").isZero();
        soft.assertThat(v.resubscribed()).as("pub/sub resubscribed after recovery").isTrue();
        if (STRICT_TIMEOUTS) {
            soft.assertThat(v.failedBeforeOwnTimeout()).as("commands failed before their own timeout").isZero();
        }
        soft.assertAll();
    }

    private void writeReport() throws IOException {
        Path dir = Path.of(System.getProperty("chaos.report.dir", "target/chaos-report"));
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# Mixed workload through the chaos scenarios\n\n"
                + "Plain commands (3 threads), WATCH transactions, pipelined batches, a Lua script, pub/sub, client-side cache, "
                + "2 blocking list consumers and a stream consumer group on dedicated connections, all on one SharedRedis.\n\n"
                + "| scenario | transport | lost | phantom | misdelivered | hung | foreign in tx | stale after recovery | resubscribed (gaps) "
                + "| failed before own timeout |\n|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Files.writeString(dir.resolve("mixed-workload.md"), md);
    }
}
