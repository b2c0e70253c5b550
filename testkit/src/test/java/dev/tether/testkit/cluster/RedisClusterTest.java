package dev.tether.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedisClusterTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisClusterTest.class);

  @Test
  void formsWithEverySlotCoveredAndOneInSyncReplicaPerPrimary() {
    try (RedisCluster cluster = RedisCluster.builder().start()) {
      assertThat(cluster.nodes()).hasSize(6);
      for (ClusterNode node : cluster.nodes()) {
        String info = node.server().command("CLUSTER", "INFO");
        assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384",
            "cluster_slots_ok:16384", "cluster_known_nodes:6", "cluster_size:3");
      }
      List<ClusterNode> primaries =
          cluster.nodes().stream().filter(cluster::isPrimary).toList();
      assertThat(primaries).hasSize(3);
      Set<ClusterNode> replicas = new HashSet<>();
      for (ClusterNode primary : primaries) {
        List<ClusterNode> of = cluster.replicasOf(primary);
        assertThat(of).hasSize(1);
        assertThat(cluster.isPrimary(of.get(0))).isFalse();
        replicas.addAll(of);
      }
      assertThat(replicas).hasSize(3);
      assertThat(cluster.primaryFor(0)).isIn(primaries);
      assertThat(cluster.primaryFor(RedisCluster.SLOTS - 1)).isIn(primaries);
      assertThat(cluster.slotOf("{user:42}.a")).isEqualTo(cluster.slotOf("user:42"));
    }
  }

  @Test
  void aKeyWrittenThroughLettucesClusterClientIsStoredOnItsSlotsPrimary() {
    try (RedisCluster cluster = RedisCluster.builder().start()) {
      RedisClusterClient client = RedisClusterClient.create(
          cluster.seedUris().stream().map(RedisURI::create).toList());
      try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
        for (String key : List.of("alpha", "beta", "gamma", "delta")) {
          connection.sync().set(key, "value-of-" + key);
          assertThat(connection.sync().get(key)).isEqualTo("value-of-" + key);
          assertThat(cluster.primaryFor(key).server().command("GET", key))
              .isEqualTo("value-of-" + key);
        }
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void killingAPrimaryPromotesItsReplicaWithinNodeTimeoutPlusAFewSeconds() {
    try (RedisCluster cluster = RedisCluster.builder().start()) {
      ClusterNode primary = cluster.primaryFor("order:1");
      ClusterNode replica = cluster.replicasOf(primary).get(0);
      primary.server().command("SET", "order:1", "paid");
      assertThat(primary.server().command("WAIT", "1", "5000")).isEqualTo("1");

      long killedAt = System.nanoTime();
      cluster.kill(primary);
      await().atMost(cluster.nodeTimeout().plusSeconds(10)).pollInterval(Duration.ofMillis(50))
          .ignoreExceptionsInstanceOf(IllegalStateException.class) // mid-failover: no primary yet
          .until(() -> cluster.isPrimary(replica) && cluster.primaryFor("order:1").equals(replica));
      long promotedMs = (System.nanoTime() - killedAt) / 1_000_000;
      LOG.info("replica promoted {} ms after its primary was killed (node timeout {})", promotedMs,
          cluster.nodeTimeout());

      assertThat(primary.server().isRunning()).isFalse();
      assertThat(replica.server().command("GET", "order:1")).isEqualTo("paid");
    }
  }

  @Test
  void aFrozenPrimaryIsFailedOverAndRejoinsAsAReplicaWhenUnfrozen() {
    try (RedisCluster cluster = RedisCluster.builder().start()) {
      ClusterNode primary = cluster.nodes().get(0);
      ClusterNode replica = cluster.replicasOf(primary).get(0);

      cluster.freeze(primary);
      await().atMost(cluster.nodeTimeout().plusSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> cluster.isPrimary(replica));
      assertThat(primary.server().isRunning()).isTrue();

      cluster.unfreeze(primary);
      await().atMost(Duration.ofSeconds(15))
          .until(() -> !cluster.isPrimary(primary) && cluster.replicasOf(replica).contains(primary));
    }
  }

  @Test
  void manualFailoverSwapsPrimaryAndReplicaAndAKilledNodeRejoinsAsReplica() {
    try (RedisCluster cluster = RedisCluster.builder().start()) {
      ClusterNode primary = cluster.primaryFor(0);
      ClusterNode replica = cluster.replicasOf(primary).get(0);

      cluster.failover(replica);

      await().atMost(Duration.ofSeconds(15))
          .ignoreExceptionsInstanceOf(IllegalStateException.class)
          .until(() -> cluster.primaryFor(0).equals(replica) && !cluster.isPrimary(primary));
      assertThat(cluster.replicasOf(replica)).containsExactly(primary);

      cluster.kill(primary);
      cluster.restart(primary);
      await().atMost(Duration.ofSeconds(15))
          .until(() -> primary.server().command("CLUSTER", "INFO").contains("cluster_state:ok")
              && !cluster.isPrimary(primary));
    }
  }

  @Test
  void closeKillsEveryNodeProcessAndDeletesItsDirectory() {
    RedisCluster cluster = RedisCluster.builder().start();
    List<Long> pids = cluster.nodes().stream().map(n -> n.server().pid()).toList();
    ClusterNode frozen = cluster.nodes().get(1);
    cluster.freeze(frozen);

    cluster.close();

    assertAllGone(cluster, pids);
  }

  @Test
  void aClusterThatCannotFormInTimeLeavesNoProcessBehind() {
    RedisCluster cluster = RedisCluster.builder().startupTimeout(Duration.ofMillis(1)).build();

    assertThatThrownBy(cluster::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not reached within");

    assertThat(cluster.nodes()).hasSize(6);
    assertAllGone(cluster, null);
    cluster.close();
  }

  private static void assertAllGone(RedisCluster cluster, List<Long> pids) {
    for (ClusterNode node : cluster.nodes()) {
      assertThat(node.server().isRunning()).as(node + " running").isFalse();
      assertThat(Files.exists(node.server().logFile().getParent())).as(node + " dir").isFalse();
    }
    if (pids != null) {
      for (long pid : pids) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("pid " + pid + " alive").isFalse();
      }
    }
  }
}
