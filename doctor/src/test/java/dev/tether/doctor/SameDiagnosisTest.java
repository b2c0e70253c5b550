package dev.tether.doctor;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import com.sun.net.httpserver.HttpServer;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.redis.RedisUnavailableException;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One cause, one name: the shared connection's bootstrap error (and so its outage WARN, which uses
 * the same classifier) names a real failure with the same code as {@link Doctor}.
 */
class SameDiagnosisTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A cold JVM needs a second or more to set up Netty and Lettuce; that must not eat a bootstrap budget below. */
    @BeforeAll
    static void warmUpLettuce() {
        try (RedisServer redis = RedisServer.plain().start();
             SharedRedis shared = SharedRedis.builder(settingsFor(redis).build()).start()) {
            shared.awaitReady(Duration.ofSeconds(30));
        }
    }

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
        RedisSettings.Builder b = RedisSettings.builder().host(server.host()).port(server.port()).tls(server.isTls())
                .connectTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(1));
        return server.isTls() ? b.tlsCaFile(server.caFile()) : b;
    }

    private void assertBothSay(DiagnosisCode expected, RedisSettings settings) {
        DoctorReport report = Doctor.run(settings, Duration.ofSeconds(1));
        assertThat(report.failure()).as("doctor: " + report).get().extracting(Diagnosis::code).isEqualTo(expected);

        SharedRedis redis = SharedRedis.builder(settings).bootstrapBudget(Duration.ofSeconds(2)).start();
        toClose.add(redis);
        assertThat(redis.ready()).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(RedisUnavailableException.class,
                        e -> assertThat(e.diagnosis().code()).as("bootstrap: " + e.diagnosis()).isEqualTo(expected));
    }

    @Test
    void plaintextClientOnATlsOnlyPortIsTlsExpectedForBoth() {
        RedisServer redis = start(RedisServer.builder().tls());
        assertBothSay(DiagnosisCode.TLS_EXPECTED, settingsFor(redis).tls(false).tlsCaFile(null).build());
    }

    @Test
    void wrongPasswordIsAuthFailedForBoth() {
        RedisServer redis = start(RedisServer.builder().requirePass("pw-right"));
        assertBothSay(DiagnosisCode.AUTH_FAILED, settingsFor(redis).password(Secret.of("pw-wrong")).build());
    }

    @Test
    void missingPasswordIsAuthRequiredForBoth() {
        RedisServer redis = start(RedisServer.builder().requirePass("pw-right"));
        assertBothSay(DiagnosisCode.AUTH_REQUIRED, settingsFor(redis).build());
    }

    @Test
    void serverAtMaxclientsIsMaxClientsForBoth() throws IOException {
        RedisServer redis = start(RedisServer.builder().config("maxclients 1"));
        Socket held = new Socket(redis.host(), redis.port());
        toClose.add(held);
        held.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        held.setSoTimeout(2000);
        assertThat(held.getInputStream().readNBytes(7)).asString(StandardCharsets.US_ASCII).isEqualTo("+PONG\r\n");
        assertBothSay(DiagnosisCode.MAX_CLIENTS, settingsFor(redis).build());
    }

    @Test
    void httpServerIsNotRedisForBoth() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.start();
        toClose.add(() -> http.stop(0));
        assertBothSay(DiagnosisCode.NOT_REDIS, RedisSettings.builder().host("127.0.0.1").port(http.getAddress().getPort())
                .connectTimeout(Duration.ofSeconds(1)).build());
    }

    @Test
    void untrustedCertificateIsTlsUntrustedForBoth() {
        RedisServer redis = start(RedisServer.builder().tls());
        assertBothSay(DiagnosisCode.TLS_UNTRUSTED, settingsFor(redis).tlsCaFile(redis.certificates().untrustedCaFile()).build());
    }

    @Test
    void certificateForAnotherHostIsTlsHostnameMismatchForBoth() {
        RedisServer redis = start(RedisServer.builder().tls(TestCertificates.forServerNames("wrong.example")));
        assertBothSay(DiagnosisCode.TLS_HOSTNAME_MISMATCH, settingsFor(redis).build());
    }

    @Test
    void unresolvableHostIsDnsUnresolvableForBoth() {
        assertBothSay(DiagnosisCode.DNS_UNRESOLVABLE, RedisSettings.builder().host("tether-doctor-test.invalid").build());
    }
}
