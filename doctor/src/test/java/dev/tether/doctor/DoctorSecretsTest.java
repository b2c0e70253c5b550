package dev.tether.doctor;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Canary passwords go in; none comes out in a report, a diagnosis or a log line. */
class DoctorSecretsTest {
    private static final String RIGHT = "canary-right-7f3a9c";
    private static final String WRONG = "canary-wrong-b41e2d";
    private static final String ACL = "canary-acl-05c8e1";

    @Test
    void noCanaryPasswordAppearsInReportsDiagnosesOrLogs() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        StringBuilder seen = new StringBuilder();
        try (RedisServer plain = RedisServer.builder().requirePass(RIGHT).aclUser("reader", ACL, "~*", "+get").start();
             RedisServer tls = RedisServer.builder().requirePass(RIGHT).tls().start()) {
            RedisSettings.Builder base = RedisSettings.builder().host(plain.host()).port(plain.port()).connectTimeout(Duration.ofSeconds(1));
            List<RedisSettings> cases = List.of(
                    base.password(Secret.of(RIGHT)).build(),
                    base.password(Secret.of(WRONG)).build(),
                    base.username("reader").password(Secret.of(ACL)).build(),
                    base.username("reader").password(Secret.of(WRONG)).build(),
                    RedisSettings.builder().host(tls.host()).port(tls.port()).tls(true).tlsCaFile(tls.caFile()).password(Secret.of(RIGHT)).build(),
                    RedisSettings.builder().host(tls.host()).port(tls.port()).password(Secret.of(WRONG)).build());
            for (RedisSettings settings : cases) {
                DoctorReport report = Doctor.run(settings, Duration.ofSeconds(1));
                seen.append(settings).append('\n').append(report).append('\n');
                report.failure().ifPresent(d -> seen.append(d.message()).append(d.hint()).append('\n'));
                report.steps().forEach(s -> seen.append(s.detail()).append('\n'));
            }
            try (SharedRedis redis = SharedRedis.builder(base.username(null).password(Secret.of(WRONG)).build())
                    .bootstrapBudget(Duration.ofMillis(500)).start()) {
                assertThat(redis.ready()).failsWithin(Duration.ofSeconds(10));
                seen.append(redis.lastDiagnosis()).append('\n');
            }
        } finally {
            root.detachAppender(logs);
        }
        for (ILoggingEvent e : logs.list) {
            seen.append(e.getFormattedMessage()).append('\n');
            for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                seen.append(t.getMessage()).append('\n');
            }
        }

        assertThat(seen).contains("AUTH_FAILED", "ACL_DENIED", "TLSv1.", "****");
        assertThat(seen.toString()).doesNotContain(RIGHT, WRONG, ACL);
    }
}
