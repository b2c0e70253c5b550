package dev.tether.doctor;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import com.sun.net.httpserver.HttpServer;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.config.TlsVerify;
import dev.tether.testkit.RedisBinary;
import dev.tether.testkit.RedisReplyException;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every doctor code from its real cause: real redis-server processes, real sockets, loopback only. */
class DoctorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RedisServer start(RedisServer.Builder builder) {
        RedisServer server = builder.build();
        toClose.add(server);
        return server.start();
    }

    private static RedisSettings.Builder settingsFor(RedisServer server) {
        RedisSettings.Builder b = RedisSettings.builder().host(server.host()).port(server.port()).tls(server.isTls());
        return server.isTls() ? b.tlsCaFile(server.caFile()) : b;
    }

    private static DoctorReport doctor(RedisSettings settings) {
        return Doctor.run(settings, TIMEOUT);
    }

    private static void assertFailed(DoctorReport report, DiagnosisCode code, String failedStep) {
        assertThat(report.healthy()).as(report.toString()).isFalse();
        assertThat(report.failure()).as(report.toString()).get().extracting(Diagnosis::code).isEqualTo(code);
        DoctorStep last = report.steps().get(report.steps().size() - 1);
        assertThat(last.name()).as(report.toString()).isEqualTo(failedStep);
        assertThat(last.ok()).isFalse();
        assertThat(report.steps().subList(0, report.steps().size() - 1)).allMatch(DoctorStep::ok);
    }

    /**
     * The failed step took at most the timeout (plus the watchdog's grace). The whole run may take a
     * little longer in a cold JVM: setting up TLS (trust store, JDK TLS code) is not the server's time.
     */
    private static void assertWithinTheTimeout(DoctorReport report, long startNanos) {
        DoctorStep failed = report.steps().get(report.steps().size() - 1);
        assertThat(failed.millis()).isLessThanOrEqualTo(TIMEOUT.toMillis() + 200);
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(TIMEOUT.plusSeconds(5));
    }

    // ------------------------------------------------------------------ healthy

    @Test
    void plainServerPassesEveryStepWithItsFindings() {
        RedisServer redis = start(RedisServer.builder());

        DoctorReport report = doctor(settingsFor(redis).build());

        assertThat(report.healthy()).as(report.toString()).isTrue();
        assertThat(report.failure()).isEmpty();
        assertThat(report.steps()).extracting(DoctorStep::name)
                .containsExactly("DNS", "TCP", "AUTH", "PING", "INFO server", "INFO clients", "latency", "role");
        assertThat(report.steps()).allMatch(DoctorStep::ok);
        assertThat(report.steps().get(0).detail()).isEqualTo("127.0.0.1");
        assertThat(report.steps().get(1).detail()).startsWith("127.0.0.1:" + redis.port());
        assertThat(report.steps().get(4).detail()).contains("redis " + RedisBinary.resolve().version(), "mode standalone");
        assertThat(report.steps().get(5).detail()).contains("connected 1", "maxclients");
        assertThat(report.steps().get(6).detail()).matches("p50 \\d+\\.\\d\\d ms, p99 \\d+\\.\\d\\d ms \\(20 PINGs\\)");
    }

    /** Issue 10: the stale-DNS failover symptom, an endpoint that points at a replica. */
    @Test
    void aReplicaBehindTheEndpointIsReadonly() {
        RedisServer primary = start(RedisServer.builder());
        RedisServer replica = start(RedisServer.builder());
        replica.command("REPLICAOF", primary.host(), Integer.toString(primary.port()));

        DoctorReport report = doctor(settingsFor(replica).build());

        assertFailed(report, DiagnosisCode.READONLY_REPLICA, "role");
        assertThat(report.failure().orElseThrow().message()).contains("role:slave", primary.host() + ":" + primary.port(), "READONLY");
        // the write a client would try gets the reply the shared connection classifies the same way
        RedisReplyException refused = org.junit.jupiter.api.Assertions.assertThrows(RedisReplyException.class, () -> replica.command("SET", "k", "v"));
        assertThat(dev.tether.diagnosis.spi.Classification.ofReply(refused.reply()).code()).isEqualTo(DiagnosisCode.READONLY_REPLICA);
    }

    @Test
    void tlsServerReportsProtocolCipherAndCertificateWhenVerifiedAgainstTheCaFile() {
        RedisServer redis = start(RedisServer.builder().requirePass("pw-tls").tls());

        DoctorReport report = doctor(settingsFor(redis).password(Secret.of("pw-tls")).build());

        assertThat(report.healthy()).as(report.toString()).isTrue();
        DoctorStep tls = report.steps().get(2);
        assertThat(tls.name()).isEqualTo("TLS");
        assertThat(tls.detail()).containsPattern("TLSv1\\.[23] TLS_").contains("subject CN=", "expires 20", "verified (chain and host name)");
    }

    @Test
    void verifyCaAcceptsACertificateForAnotherHostNameAndVerifyNoneAnyCertificate() {
        RedisServer redis = start(RedisServer.builder().tls(TestCertificates.forServerNames("wrong.example")));

        assertThat(doctor(settingsFor(redis).tlsVerify(TlsVerify.CA).build()).healthy()).isTrue();
        DoctorReport none = doctor(settingsFor(redis).tlsCaFile(null).tlsVerify(TlsVerify.NONE).build());
        assertThat(none.healthy()).as(none.toString()).isTrue();
        assertThat(none.steps().get(2).detail()).contains("NOT VERIFIED");
    }

    @Test
    void aclUserWithTheCommandsItNeedsIsHealthy() {
        RedisServer redis = start(RedisServer.builder().aclUser("app", "pw-app", "~*", "+@all"));

        DoctorReport report = doctor(settingsFor(redis).username("app").password(Secret.of("pw-app")).database(2).build());

        assertThat(report.healthy()).as(report.toString()).isTrue();
        assertThat(report.steps().get(2).detail()).startsWith("HELLO 3 as app: redis " + RedisBinary.resolve().version()).endsWith(", database 2");
    }

    // ------------------------------------------------------------------ name and network

    @Test
    void hostInTheInvalidTopLevelDomainIsDnsUnresolvable() {
        DoctorReport report = doctor(RedisSettings.builder().host("tether-doctor-test.invalid").port(6379).build());

        assertFailed(report, DiagnosisCode.DNS_UNRESOLVABLE, "DNS");
        assertThat(report.failure().orElseThrow().message()).contains("tether-doctor-test.invalid does not resolve");
    }

    @Test
    void closedPortIsTcpRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        DoctorReport report = doctor(RedisSettings.builder().host("127.0.0.1").port(port).build());

        assertFailed(report, DiagnosisCode.TCP_REFUSED, "TCP");
    }

    @Test
    void listenerWithAFullAcceptQueueIsTcpTimeoutWithinTheTimeout() throws IOException {
        // Linux drops SYNs while a listener's accept queue is full, exactly like a firewall that drops packets.
        ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        toClose.add(listener);
        fillAcceptQueue(listener);

        long start = System.nanoTime();
        DoctorReport report = doctor(RedisSettings.builder().host("127.0.0.1").port(listener.getLocalPort()).build());

        assertFailed(report, DiagnosisCode.TCP_TIMEOUT, "TCP");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(500));
    }

    private void fillAcceptQueue(ServerSocket listener) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket filler = new Socket();
            toClose.add(filler);
            try {
                filler.connect(listener.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue never filled");
    }

    // ------------------------------------------------------------------ TLS

    @Test
    void plaintextClientOnATlsOnlyPortIsTlsExpected() {
        RedisServer redis = start(RedisServer.builder().tls());

        DoctorReport report = doctor(settingsFor(redis).tls(false).tlsCaFile(null).build());

        assertFailed(report, DiagnosisCode.TLS_EXPECTED, "AUTH");
    }

    @Test
    void tlsClientOnAPlaintextPortIsTlsNotOfferedWithinTheTimeout() {
        RedisServer redis = start(RedisServer.builder());

        long start = System.nanoTime();
        DoctorReport report = doctor(settingsFor(redis).tls(true).build());

        assertFailed(report, DiagnosisCode.TLS_NOT_OFFERED, "TLS");
        assertThat(report.failure().orElseThrow().message()).contains("plaintext PING got +PONG");
        assertWithinTheTimeout(report, start);
    }

    @Test
    void certificateFromAnUnrelatedCaIsTlsUntrusted() {
        RedisServer redis = start(RedisServer.builder().tls());

        DoctorReport report = doctor(settingsFor(redis).tlsCaFile(redis.certificates().untrustedCaFile()).build());

        assertFailed(report, DiagnosisCode.TLS_UNTRUSTED, "TLS");
        assertThat(report.failure().orElseThrow().message()).contains("does not chain to a trusted CA");
    }

    @Test
    void certificateForAnotherHostIsTlsHostnameMismatch() {
        RedisServer redis = start(RedisServer.builder().tls(TestCertificates.forServerNames("wrong.example")));

        DoctorReport report = doctor(settingsFor(redis).build());

        assertFailed(report, DiagnosisCode.TLS_HOSTNAME_MISMATCH, "TLS");
        assertThat(report.failure().orElseThrow().message()).isEqualTo("the server's certificate is for wrong.example, not for 127.0.0.1");
    }

    @Test
    void mutualTlsServerRejectsAClientWithoutCertificateAsTlsFailed() {
        RedisServer redis = start(RedisServer.builder().mutualTls());

        DoctorReport report = doctor(settingsFor(redis).build());

        assertThat(report.failure()).as(report.toString()).get().extracting(Diagnosis::code).isEqualTo(DiagnosisCode.TLS_FAILED);
    }

    @Test
    void mutualTlsServerAcceptsTheConfiguredClientCertificate() {
        RedisServer redis = start(RedisServer.builder().mutualTls());

        DoctorReport report = doctor(settingsFor(redis).tlsClientCertificate(redis.clientCertFile(), redis.clientKeyFile()).build());

        assertThat(report.healthy()).as(report.toString()).isTrue();
    }

    // ------------------------------------------------------------------ authentication and limits

    @Test
    void missingPasswordIsAuthRequired() {
        RedisServer redis = start(RedisServer.builder().requirePass("pw-required"));

        assertFailed(doctor(settingsFor(redis).build()), DiagnosisCode.AUTH_REQUIRED, "AUTH");
    }

    @Test
    void wrongPasswordIsAuthFailed() {
        RedisServer redis = start(RedisServer.builder().requirePass("pw-right"));

        assertFailed(doctor(settingsFor(redis).password(Secret.of("pw-wrong")).build()), DiagnosisCode.AUTH_FAILED, "AUTH");
    }

    @Test
    void aclUserWithoutPingIsAclDenied() {
        RedisServer redis = start(RedisServer.builder().aclUser("reader", "pw-reader", "~*", "+get"));

        DoctorReport report = doctor(settingsFor(redis).username("reader").password(Secret.of("pw-reader")).build());

        assertFailed(report, DiagnosisCode.ACL_DENIED, "PING");
        assertThat(report.failure().orElseThrow().message()).contains("NOPERM", "ping");
    }

    @Test
    void serverAtMaxclientsIsMaxClients() throws IOException {
        RedisServer redis = start(RedisServer.builder().config("maxclients 1"));
        Socket held = new Socket(redis.host(), redis.port());
        toClose.add(held);
        held.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        held.setSoTimeout(2000);
        assertThat(held.getInputStream().readNBytes(7)).asString(StandardCharsets.US_ASCII).isEqualTo("+PONG\r\n");

        assertFailed(doctor(settingsFor(redis).build()), DiagnosisCode.MAX_CLIENTS, "AUTH");
    }

    @Test
    void serverLoadingItsDatasetIsServerLoading() {
        // Uncompressed, so Redis answers clients (with LOADING) between its loading slices (see testkit's RedisServerTest).
        RedisServer.Builder builder = RedisServer.builder().config("key-load-delay 2000", "rdbcompression no");
        if (Integer.parseInt(RedisBinary.resolve().version().split("\\.")[0]) >= 7) {
            builder.config("enable-debug-command yes");
        }
        RedisServer redis = start(builder);
        redis.command("DEBUG", "POPULATE", "1000", "key", "10000");
        redis.command("SAVE");
        RedisSettings settings = settingsFor(redis).build();

        redis.restartWithoutWaiting();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> doctor(settings).failure().map(Diagnosis::code).orElse(null) == DiagnosisCode.SERVER_LOADING);
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptionsMatching(e -> e instanceof RedisReplyException || e instanceof UncheckedIOException).until(() -> "PONG".equals(redis.command("PING")));
        assertThat(doctor(settings).healthy()).isTrue();
    }

    // ------------------------------------------------------------------ not Redis, not answering

    @Test
    void httpServerOnThePortIsNotRedis() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.start();
        toClose.add(() -> http.stop(0));

        DoctorReport report = doctor(RedisSettings.builder().host("127.0.0.1").port(http.getAddress().getPort()).build());

        assertFailed(report, DiagnosisCode.NOT_REDIS, "AUTH");
        assertThat(report.failure().orElseThrow().message()).contains("HTTP/1.1 400", "an HTTP server");
    }

    @Test
    void frozenServerIsServerUnresponsiveWithinTheTimeout() {
        RedisServer redis = start(RedisServer.builder());
        redis.freeze();

        long start = System.nanoTime();
        DoctorReport report = doctor(settingsFor(redis).build());

        assertFailed(report, DiagnosisCode.SERVER_UNRESPONSIVE, "AUTH");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(500));
    }

    @Test
    void frozenTlsServerIsServerUnresponsiveNotTlsNotOffered() {
        RedisServer redis = start(RedisServer.builder().tls());
        redis.freeze();

        long start = System.nanoTime();
        DoctorReport report = doctor(settingsFor(redis).build());

        assertFailed(report, DiagnosisCode.SERVER_UNRESPONSIVE, "TLS");
        assertWithinTheTimeout(report, start);
    }

    // ------------------------------------------------------------------ the door

    @Test
    void rejectsAMissingSettingsOrANonPositiveTimeout() {
        RedisSettings settings = RedisSettings.builder().build();
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Doctor.run(null, TIMEOUT))
                .withMessageContaining("settings");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Doctor.run(settings, Duration.ZERO))
                .withMessageContaining("timeout");
    }
}
