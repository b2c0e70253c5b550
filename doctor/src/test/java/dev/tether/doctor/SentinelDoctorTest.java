package dev.tether.doctor;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.cluster.RedisSentinelSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tether.doctor.ClusterDoctorTest.assertFailed;
import static dev.tether.doctor.ClusterDoctorTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 10: the doctor's Sentinel checks on a real Sentinel set (a primary, a replica, 3 sentinels). */
class SentinelDoctorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisSentinelSet healthy;

    @BeforeAll
    static void startSentinels() {
        healthy = RedisSentinelSet.builder().start();
    }

    @AfterAll
    static void stopSentinels() {
        if (healthy != null) {
            healthy.close();
        }
    }

    @Test
    void everySentinelNamesTheSamePrimaryWhichIsAPrimary() {
        RedisSettings settings = settings("REDIS_URL", healthy.sentinelUri());
        assertThat(settings.mode()).isEqualTo(RedisMode.SENTINEL);

        DoctorReport report = Doctor.run(settings, TIMEOUT);

        assertThat(report.healthy()).as(report.toString()).isTrue();
        assertThat(report.steps()).extracting(DoctorStep::name).startsWith("sentinel", "sentinel", "sentinel", "sentinel agreement", "DNS")
                .endsWith("latency", "role");
        String primary = "127.0.0.1:" + healthy.primary().port();
        assertThat(report.steps().get(0).detail()).contains("names " + primary + " as primary of '" + healthy.masterName() + "'", "CKQUORUM OK");
        assertThat(report.steps().get(3).detail()).isEqualTo("3 sentinels name " + primary);
        assertThat(report.steps().get(report.steps().size() - 1).detail()).contains("primary (role:master)");
    }

    @Test
    void aMasterNameNoSentinelMonitorsIsUnknown() {
        String uri = healthy.sentinelUri().replace("#" + healthy.masterName(), "#orders-primary");

        DoctorReport report = Doctor.run(settings("REDIS_URL", uri), TIMEOUT);

        assertFailed(report, DiagnosisCode.SENTINEL_MASTER_UNKNOWN, "sentinel");
        assertThat(report.failure().orElseThrow().message()).contains("monitors no primary named 'orders-primary'");
    }

    @Test
    void twoOfThreeSentinelsDownLeaveNoQuorum() {
        try (RedisSentinelSet set = RedisSentinelSet.builder().start()) {
            set.sentinels().get(0).kill();
            set.sentinels().get(1).kill();
            RedisSettings settings = settings("REDIS_URL", set.sentinelUri());

            // the survivor counts the others out after down-after-milliseconds
            DoctorReport report = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Doctor.run(settings, TIMEOUT), r -> r.failure().map(d -> d.code() == DiagnosisCode.SENTINEL_NO_QUORUM).orElse(false));

            assertFailed(report, DiagnosisCode.SENTINEL_NO_QUORUM, "sentinel");
            assertThat(report.failure().orElseThrow().message()).contains("NOQUORUM", "sentinel 127.0.0.1:" + set.sentinels().get(2).port());
        }
    }
}
