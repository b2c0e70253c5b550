package dev.tether.doctor;

import dev.tether.config.ConfigResolution;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 10: the doctor's cluster checks, each failure from its real cause on a real local cluster. */
class ClusterDoctorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static RedisCluster healthy;

    @BeforeAll
    static void startHealthyCluster() {
        healthy = RedisCluster.builder().start();
    }

    @AfterAll
    static void stopHealthyCluster() {
        if (healthy != null) {
            healthy.close();
        }
    }

    static RedisSettings settings(String... keyValues) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        ConfigResolution r = TetherConfig.builder().environment(env).systemProperties(Map.of()).noDotEnvFile()
                .classLoader(new URLClassLoader(new URL[0], null)).discoverSources(false).build().resolve();
        return r.requireValid();
    }

    private static String seedList(List<String> seeds) {
        return "redis://" + String.join(",", seeds);
    }

    static void assertFailed(DoctorReport report, DiagnosisCode code, String failedStep) {
        assertThat(report.failure()).as(report.toString()).get().extracting(Diagnosis::code).isEqualTo(code);
        DoctorStep last = report.steps().get(report.steps().size() - 1);
        assertThat(last.name()).as(report.toString()).isEqualTo(failedStep);
        assertThat(last.ok()).isFalse();
        assertThat(report.steps().subList(0, report.steps().size() - 1)).as(report.toString()).allMatch(DoctorStep::ok);
    }

    @Test
    void aHealthyClusterPassesEverySeedSlotAndAnnouncedNode() {
        RedisSettings settings = settings("REDIS_URL", seedList(healthy.seeds()));
        assertThat(settings.mode()).isEqualTo(RedisMode.CLUSTER);

        DoctorReport report = Doctor.run(settings, TIMEOUT);

        assertThat(report.healthy()).as(report.toString()).isTrue();
        assertThat(report.steps()).extracting(DoctorStep::name).startsWith("DNS", "TCP", "AUTH", "PING", "INFO server", "INFO clients", "latency",
                "cluster", "slots", "cluster_state");
        assertThat(report.steps()).filteredOn(s -> s.name().equals("slots")).singleElement().extracting(DoctorStep::detail)
                .isEqualTo("all 16384 slots served by 3 primaries; replicas per primary: 1, 1, 1");
        // every node but the first seed, once: the other seeds and the announced addresses are the same five nodes
        assertThat(report.steps()).filteredOn(s -> s.name().equals("node")).hasSize(5)
                .allSatisfy(s -> assertThat(s.detail()).contains("PING"));
    }

    @Test
    void autoModeFindsTheClusterBehindOneNodeAndChecksItAsACluster() {
        RedisSettings settings = settings("REDIS_URL", seedList(healthy.seeds().subList(0, 1)));
        assertThat(settings.mode()).isEqualTo(RedisMode.AUTO);

        DoctorReport report = Doctor.run(settings, TIMEOUT);

        assertThat(report.healthy()).as(report.toString()).isTrue();
        assertThat(report.steps()).extracting(DoctorStep::name).contains("role", "slots", "cluster_state", "node");
        assertThat(report.steps()).filteredOn(s -> s.name().equals("role")).singleElement().extracting(DoctorStep::detail)
                .asString().contains("cluster_enabled:1");
    }

    @Test
    void standaloneModeAgainstAClusterNodeIsAModeMismatch() {
        DoctorReport report = Doctor.run(settings("REDIS_URL", seedList(healthy.seeds().subList(0, 1)), "REDIS_MODE", "standalone"), TIMEOUT);

        assertFailed(report, DiagnosisCode.CLUSTER_MODE_MISMATCH, "role");
        assertThat(report.failure().orElseThrow().message()).contains("cluster_enabled:1", "MOVED");
    }

    @Test
    void aDatabaseOtherThanZeroAgainstAClusterNodeIsAModeMismatch() {
        DoctorReport report = Doctor.run(settings("REDIS_URL", seedList(healthy.seeds().subList(0, 1)) + "/3"), TIMEOUT);

        assertFailed(report, DiagnosisCode.CLUSTER_MODE_MISMATCH, "AUTH");
        assertThat(report.failure().orElseThrow().message()).contains("database 0");
    }

    @Test
    void clusterModeAgainstAStandaloneServerIsAModeMismatch() {
        try (RedisServer redis = RedisServer.builder().start()) {
            DoctorReport report = Doctor.run(settings("REDIS_URL", redis.uri(), "REDIS_MODE", "cluster"), TIMEOUT);

            assertFailed(report, DiagnosisCode.CLUSTER_MODE_MISMATCH, "cluster");
            assertThat(report.failure().orElseThrow().message()).contains("cluster_enabled:0");
        }
    }

    @Test
    void slotsThatNoNodeServesAreUncovered() {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerPrimary(0).start()) {
            String[] delslots = IntStream.range(100, 200).mapToObj(Integer::toString).toArray(String[]::new);
            for (ClusterNode node : cluster.nodes()) {
                List<String> command = new ArrayList<>(List.of("CLUSTER", "DELSLOTS"));
                command.addAll(List.of(delslots));
                node.server().command(command.toArray(String[]::new));
            }

            DoctorReport report = Doctor.run(settings("REDIS_URL", seedList(cluster.seeds())), TIMEOUT);

            assertFailed(report, DiagnosisCode.CLUSTER_SLOTS_UNCOVERED, "slots");
            assertThat(report.failure().orElseThrow().message()).contains("100 of 16384 slots have no live primary (100-199)", "CLUSTERDOWN");
        }
    }

    @Test
    void aFailedPrimaryWithoutAReplicaLeavesItsSlotsUncovered() {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerPrimary(0).start()) {
            ClusterNode seed = cluster.nodes().get(0);
            ClusterNode lost = cluster.nodes().get(1);
            cluster.kill(lost);
            await().atMost(cluster.nodeTimeout().plusSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> seed.server().command("CLUSTER", "NODES").lines()
                            .anyMatch(l -> l.startsWith(lost.id()) && l.split(" ")[2].contains("fail") && !l.split(" ")[2].contains("fail?")));

            DoctorReport report = Doctor.run(settings("REDIS_URL", "redis://" + seed.address(), "REDIS_MODE", "cluster"), TIMEOUT);

            assertFailed(report, DiagnosisCode.CLUSTER_SLOTS_UNCOVERED, "slots");
            assertThat(report.failure().orElseThrow().message()).contains("failed primaries with no replica to take over: " + lost.address())
                    .doesNotContain("assigned to no node");
        }
    }

    @Test
    void aNodeCutOffFromTheMajorityOfPrimariesIsClusterDown() {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerPrimary(0).start()) {
            ClusterNode survivor = cluster.nodes().get(0);
            cluster.freeze(cluster.nodes().get(1));
            cluster.freeze(cluster.nodes().get(2));
            RedisSettings settings = settings("REDIS_URL", "redis://" + survivor.address(), "REDIS_MODE", "cluster");

            await().atMost(cluster.nodeTimeout().plusSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> survivor.server().command("CLUSTER", "INFO").contains("cluster_state:fail"));
            DoctorReport report = Doctor.run(settings, TIMEOUT);

            assertFailed(report, DiagnosisCode.CLUSTER_DOWN, "cluster_state");
            assertThat(report.failure().orElseThrow().message()).contains("cluster_state:fail", "majority");
            cluster.unfreeze(cluster.nodes().get(1));
            cluster.unfreeze(cluster.nodes().get(2));
        }
    }

    @Test
    void anAnnouncedAddressThatDoesNotRouteHereIsUnreachable() {
        try (RedisCluster cluster = RedisCluster.builder().replicasPerPrimary(0).start()) {
            ClusterNode seed = cluster.nodes().get(0);
            ClusterNode misannounced = cluster.nodes().get(1);
            // 127.0.0.2 is loopback but nothing listens there: the nodes bind 127.0.0.1 only
            misannounced.server().command("CONFIG", "SET", "cluster-announce-ip", "127.0.0.2");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> seed.server().command("CLUSTER", "NODES").contains("127.0.0.2:" + misannounced.port()));

            DoctorReport report = Doctor.run(settings("REDIS_URL", "redis://" + seed.address(), "REDIS_MODE", "cluster"), TIMEOUT);

            assertFailed(report, DiagnosisCode.NODE_ADDRESS_UNREACHABLE, "node");
            assertThat(report.failure().orElseThrow().message()).contains("127.0.0.2:" + misannounced.port(), "as the cluster announces it",
                    "TCP_REFUSED");
        }
    }
}
