package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.config.TlsVerify;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedRedisTlsTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RedisServer start(RedisServer.Builder builder) {
        RedisServer server = builder.start();
        toClose.add(server);
        return server;
    }

    private SharedRedis redis(RedisSettings settings, Duration budget) {
        SharedRedis redis = SharedRedis.builder(settings).bootstrapBudget(budget).start();
        toClose.add(redis);
        return redis;
    }

    private static RedisSettings.Builder tlsTo(RedisServer server) {
        return RedisSettings.builder().host(server.host()).port(server.port()).tls(true).connectTimeout(Duration.ofSeconds(5));
    }

    @Test
    void verifiesTheServerAgainstTheCaFileInAdditionToTheJdksCas() {
        RedisServer server = start(RedisServer.builder().tls());
        SharedRedis redis = redis(tlsTo(server).tlsCaFile(server.caFile()).build(), Duration.ofSeconds(20));

        redis.awaitReady(Duration.ofSeconds(20));

        assertThat(redis.sync().ping()).isEqualTo("PONG");
    }

    @Test
    void serverFromAnUnrelatedCaIsUntrusted() {
        RedisServer server = start(RedisServer.builder().tls());
        SharedRedis redis = redis(tlsTo(server).tlsCaFile(server.certificates().untrustedCaFile()).build(), Duration.ofSeconds(3));

        assertThatThrownBy(() -> redis.awaitReady(Duration.ofSeconds(20))).isInstanceOf(RedisUnavailableException.class)
                .satisfies(e -> assertThat(((RedisUnavailableException) e).diagnosis().code()).isEqualTo(DiagnosisCode.TLS_UNTRUSTED));
    }

    @Test
    void certificateForAnotherHostIsAHostnameMismatchUnlessVerifyIsCa() {
        RedisServer server = start(RedisServer.builder().tls(TestCertificates.forServerNames("wrong.example")));
        SharedRedis full = redis(tlsTo(server).tlsCaFile(server.caFile()).build(), Duration.ofSeconds(3));

        assertThatThrownBy(() -> full.awaitReady(Duration.ofSeconds(20))).isInstanceOf(RedisUnavailableException.class)
                .satisfies(e -> assertThat(((RedisUnavailableException) e).diagnosis().code()).isEqualTo(DiagnosisCode.TLS_HOSTNAME_MISMATCH));

        SharedRedis caOnly = redis(tlsTo(server).tlsCaFile(server.caFile()).tlsVerify(TlsVerify.CA).build(), Duration.ofSeconds(20));
        caOnly.awaitReady(Duration.ofSeconds(20));
        assertThat(caOnly.sync().ping()).isEqualTo("PONG");
    }

    @Test
    void mutualTlsSendsTheClientCertificate() {
        RedisServer server = start(RedisServer.builder().tls().mutualTls());
        SharedRedis redis = redis(tlsTo(server).tlsCaFile(server.caFile())
                .tlsClientCertificate(server.clientCertFile(), server.clientKeyFile()).build(), Duration.ofSeconds(20));

        redis.awaitReady(Duration.ofSeconds(20));

        assertThat(redis.sync().ping()).isEqualTo("PONG");
    }

    @Test
    void plaintextClientOnATlsOnlyPortNeverBecomesReady() {
        RedisServer server = start(RedisServer.builder().tls());
        SharedRedis redis = redis(RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(Duration.ofMillis(500)).build(),
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> redis.awaitReady(Duration.ofSeconds(20))).isInstanceOf(RedisUnavailableException.class);
    }
}
