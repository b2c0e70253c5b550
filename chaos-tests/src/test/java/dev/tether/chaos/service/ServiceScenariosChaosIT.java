package dev.tether.chaos.service;

import dev.tether.chaos.Selection;
import dev.tether.chaos.harness.Transport;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.proxy.FaultProxies;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The service scenarios of issue 9 against real redis-server processes through tether's
 * {@code SharedRedis}, each with unique-key writers running: a failover behind a DNS name, a slow
 * script near the command timeout, a credential rotation whose source lags the server by 1 s, and
 * the reconnect storm check (attempts per second while down, idle vs 8 and 64 busy threads, against
 * max-clients and a closed port). Asserts the invariants (0 acknowledged writes lost, 0 phantom, 0
 * misdelivered, 0 hung, plus each scenario's own) with generous bounds; the measured timings go to
 * {@code chaos-report/service-scenarios.md}, not into assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceScenariosChaosIT {
    /** Generous bounds: the machine is shared and noisy; the report shows the real figures. */
    private static final long FIRST_KEPT_WRITE_BOUND_MS = 10_000;
    private static final long ROTATION_RECOVERY_BOUND_MS = 10_000;
    /** A switch that pauses writes for less than this stays inside the 2 s command timeout whatever the machine does. */
    private static final long PAUSE_WELL_INSIDE_TIMEOUT_MS = 1_000;

    private FaultProxies proxies;
    private TestCertificates certificates;
    private final List<ReportRow> rows = new ArrayList<>();

    @BeforeAll
    void start() {
        proxies = FaultProxies.start();
        // the DNS name of the failover is in the certificate, so TLS verifies the name the service uses
        certificates = TestCertificates.forServerNames(DnsFailoverRun.NAME, "localhost", "127.0.0.1");
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

    /** Over TLS in {@code verify} as well: the certificate names the DNS name the service uses, not the address it finds. */
    static Stream<Transport> dnsFailoverTransports() {
        return Selection.transports(true);
    }

    /** Plaintext in {@code verify}: nothing in these runs depends on TLS; both with {@code -Pchaos-full}. */
    static Stream<Transport> plainInVerify() {
        return Selection.transports(false);
    }

    @ParameterizedTest(name = "dns failover over {0}")
    @MethodSource("dnsFailoverTransports")
    void aFailoverBehindADnsNameLeavesTheDemotedServerAndLosesNoAcknowledgedWrite(Transport transport) throws Exception {
        DnsFailoverRun.Result r = new DnsFailoverRun(certificates).run(transport);
        rows.add(r.row());

        SoftAssertions soft = new SoftAssertions();
        assertWrites(soft, r.writes());
        soft.assertThat(r.firstKeptWriteMillis()).as("first kept write on the new primary, ms after the switch")
                .isNotNull().isLessThanOrEqualTo(FIRST_KEPT_WRITE_BOUND_MS);
        soft.assertThat(r.ackedAfterSwitchMissing()).as("writes acknowledged after the switch that are not on the new primary").isZero();
        soft.assertThat(r.tetherClientsLeftOnDemoted()).as("tether connections left on the demoted server").isZero();
        if (r.pausedMillis() < PAUSE_WELL_INSIDE_TIMEOUT_MS) {
            soft.assertThat(r.readOnlyWarnings()).as("WARN lines naming READONLY").hasSize(1)
                    .allSatisfy(w -> soft.assertThat(w).contains(DnsFailoverRun.NAME).contains("replica"));
        } else {
            // A machine so slow that the switch kept writes paused past their timeout: the stall watchdog may replace
            // the connection first (its WARN names the stall), and READONLY then reaches only the retired connection.
            soft.assertThat(r.readOnlyWarnings()).as("WARN lines naming READONLY (writes paused %d ms)", r.pausedMillis()).hasSizeLessThanOrEqualTo(1);
        }
        soft.assertThat(r.leaks()).as("log lines with a password").isZero();
        soft.assertAll();
    }

    @ParameterizedTest(name = "slow script over {0}")
    @MethodSource("plainInVerify")
    void aScriptNearTheCommandTimeoutFailsNoCommandBeforeItsOwnTimeout(Transport transport) throws Exception {
        SlowScriptRun.Result r = new SlowScriptRun(certificates).run(transport);
        rows.add(r.row());

        SoftAssertions soft = new SoftAssertions();
        assertWrites(soft, r.writes());
        soft.assertThat(r.failedBeforeOwnTimeout()).as("commands failed before their own timeout (scripts %s)", r.scripts()).isZero();
        soft.assertThat(r.scripts()).as("every script answered").allSatisfy(c -> soft.assertThat(c.outcome()).isEqualTo("done"));
        soft.assertThat(r.drops()).as("connection torn down as stalled or lost").isZero();
        soft.assertAll();
    }

    @ParameterizedTest(name = "lagging rotation over {0}")
    @MethodSource("plainInVerify")
    void aRotationWhoseSourceLagsOneSecondRecoversOnceTheSourceCatchesUp(Transport transport) throws Exception {
        LaggingRotationRun.Result r = new LaggingRotationRun(certificates).run(transport);
        rows.add(r.row());

        SoftAssertions soft = new SoftAssertions();
        assertWrites(soft, r.writes());
        soft.assertThat(r.recoveryMillis()).as("ms from the source catching up to the connection being back")
                .isLessThanOrEqualTo(ROTATION_RECOVERY_BOUND_MS);
        double downSeconds = r.downMillis() / 1000.0;
        // Rate limits, generously: the source at most once per 500 ms, attempts a backoff's pace (not 50/s)
        soft.assertThat(r.sourceReads()).as("reads of the credential source in %.1f s down", downSeconds)
                .isGreaterThanOrEqualTo(1).isLessThanOrEqualTo((int) Math.ceil(downSeconds * 2) + 2);
        soft.assertThat(r.attempts()).as("failed attempts in %.1f s down", downSeconds).isLessThanOrEqualTo((int) Math.ceil(downSeconds * 10) + 5);
        soft.assertThat(r.leaks()).as("log lines with a password").isZero();
        soft.assertAll();
    }

    /**
     * A closed port in {@code verify}; max-clients too with {@code -Pchaos-full} (config-core's {@code ReconnectPacingTest}
     * checks busy threads against max-clients in every build).
     */
    static Stream<ReconnectStormRun.Refusal> refusals() {
        return Selection.full() ? Stream.of(ReconnectStormRun.Refusal.values()) : Stream.of(ReconnectStormRun.Refusal.CLOSED_PORT);
    }

    @ParameterizedTest(name = "reconnect storm against {0}")
    @MethodSource("refusals")
    void busyThreadsDoNotMultiplyReconnectAttempts(ReconnectStormRun.Refusal refusal) throws Exception {
        ReconnectStormRun.Result r = new ReconnectStormRun(proxies).run(refusal);
        rows.add(r.row());

        SoftAssertions soft = new SoftAssertions();
        r.writes().forEach(w -> assertWrites(soft, w));
        int idle = r.idle();
        soft.assertThat(r.busy(8)).as("attempts with 8 busy threads vs %s", r.attempts()).isLessThanOrEqualTo(2 * idle);
        soft.assertThat(r.busy(64)).as("attempts with 64 busy threads vs %s", r.attempts()).isLessThanOrEqualTo(2 * idle);
        soft.assertThat(r.causes()).as("what the attempts met")
                .contains(refusal == ReconnectStormRun.Refusal.MAX_CLIENTS ? DiagnosisCode.MAX_CLIENTS : DiagnosisCode.TCP_REFUSED);
        soft.assertAll();
    }

    private static void assertWrites(SoftAssertions soft, WriteVerdict v) {
        soft.assertThat(v.acknowledged()).as("acknowledged writes (the workload ran)").isPositive();
        soft.assertThat(v.lost()).as("acknowledged writes lost").isZero();
        soft.assertThat(v.phantom()).as("writes applied although 'not sent' or refused").isZero();
        soft.assertThat(v.misdelivered()).as("misdelivered replies").isZero();
        soft.assertThat(v.hung()).as("hung calls").isZero();
    }

    private void writeReport() throws IOException {
        Path dir = Path.of(System.getProperty("chaos.report.dir", "target/chaos-report"));
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# Service scenarios\n\n"
                + "Each scenario runs real redis-server processes and tether's SharedRedis with writers running (unique-key SETs, "
                + "acknowledged / not sent / refused / unknown bookkeeping, read-backs), checked on the server afterwards. "
                + "Timings are measurements on the machine that ran the suite; the assertions use generous bounds.\n\n"
                + "| scenario | transport | figures | invariants |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append(r.markdown()).append('\n'));
        Files.writeString(dir.resolve("service-scenarios.md"), md);
    }
}
