package dev.tether.doctor;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.cluster.RedisCluster;
import dev.tether.testkit.cluster.RedisSentinelSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.tether.doctor.ClusterDoctorTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: over TLS every announced node and the primary a sentinel names are verified like the
 * seeds (chain and host name against the CA file), with the same settings a service uses.
 */
class TlsClusterAndSentinelDoctorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aTlsClusterPassesWithEveryNodeVerified() {
        try (RedisCluster cluster = RedisCluster.builder().tls().primaries(3).replicasPerPrimary(1).start()) {
            RedisSettings settings = settings("REDIS_URL", "rediss://" + String.join(",", cluster.seeds()),
                    "REDIS_TLS_CA_FILE", cluster.certificates().caFile().toString());

            DoctorReport report = Doctor.run(settings, TIMEOUT);

            assertThat(report.healthy()).as(report.toString()).isTrue();
            assertThat(report.steps()).extracting(DoctorStep::name).contains("TLS", "slots", "cluster_state");
            assertThat(report.steps()).filteredOn(s -> s.name().equals("node")).hasSize(5);
        }
    }

    @Test
    void aTlsSentinelSetPassesWithTheSentinelsAndThePrimaryVerified() {
        try (RedisSentinelSet set = RedisSentinelSet.builder().tls().start()) {
            RedisSettings settings = settings("REDIS_URL", set.sentinelUri(), "REDIS_TLS_CA_FILE", set.certificates().caFile().toString());

            DoctorReport report = Doctor.run(settings, TIMEOUT);

            assertThat(report.healthy()).as(report.toString()).isTrue();
            assertThat(report.steps()).extracting(DoctorStep::name).startsWith("sentinel", "sentinel", "sentinel", "sentinel agreement", "DNS", "TCP", "TLS");
        }
    }
}
