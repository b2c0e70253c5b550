package dev.tether.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RedisSentinelSetTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelSetTest.class);

  @Test
  void everySentinelReportsTheFirstServerAsMasterAndSeesTheReplica() {
    try (RedisSentinelSet set = RedisSentinelSet.builder().masterName("orders").start()) {
      RedisServer first = set.servers().get(0);
      RedisServer second = set.servers().get(1);
      assertThat(set.masterName()).isEqualTo("orders");
      assertThat(set.sentinels()).hasSize(3);
      for (RedisServer sentinel : set.sentinels()) {
        assertThat(sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "orders"))
            .isEqualTo(first.host() + "\n" + first.port());
        assertThat(sentinel.command("SENTINEL", "REPLICAS", "orders")).contains(
            String.valueOf(second.port()));
      }
      assertThat(set.primary()).isSameAs(first);
      assertThat(set.replica()).isSameAs(second);
      assertThat(second.command("ROLE")).startsWith("slave");
    }
  }

  @Test
  void sentinelFailoverMovesTheMasterAndLettuceWritesReachTheNewPrimary() {
    try (RedisSentinelSet set = RedisSentinelSet.builder().start()) {
      RedisServer first = set.servers().get(0);
      RedisServer second = set.servers().get(1);

      RedisServer promoted = set.failover();

      assertThat(promoted).isSameAs(second);
      assertThat(set.primary()).isSameAs(second);
      assertThat(second.command("ROLE")).startsWith("master");
      long began = System.nanoTime();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> first.command("ROLE").startsWith("slave"));
      LOG.info("old primary a replica {} ms after the sentinels agreed",
          (System.nanoTime() - began) / 1_000_000);

      RedisClient client = RedisClient.create(set.sentinelUri());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        connection.sync().set("after-failover", "yes");
        assertThat(second.command("GET", "after-failover")).isEqualTo("yes");
        LOG.info("write through the sentinel URI {} ms after the sentinels agreed",
            (System.nanoTime() - began) / 1_000_000);
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aTlsSetAgreesOverTlsAndFailsOverAndCloseDeletesItsCertificates() {
    RedisSentinelSet set = RedisSentinelSet.builder().tls().start();
    try {
      assertThat(set.sentinelUri()).startsWith("rediss-sentinel://127.0.0.1:");
      for (RedisServer sentinel : set.sentinels()) {
        assertThat(sentinel.isTls()).isTrue();
        assertThat(sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"))
            .endsWith("\n" + set.servers().get(0).port());
      }
      assertThat(set.failover()).isSameAs(set.servers().get(1));
      assertThat(set.servers().get(1).command("ROLE")).startsWith("master");
    } finally {
      set.close();
    }
    assertThat(Files.exists(set.certificates().directory())).isFalse();
  }

  @Test
  void closeKillsThePrimaryTheReplicaAndEverySentinel() {
    RedisSentinelSet set = RedisSentinelSet.builder().start();
    List<RedisServer> all = new ArrayList<>(set.servers());
    all.addAll(set.sentinels());
    List<Long> pids = all.stream().map(RedisServer::pid).toList();

    set.close();

    for (RedisServer server : all) {
      assertThat(server.isRunning()).isFalse();
      assertThat(Files.exists(server.logFile().getParent())).isFalse();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("pid " + pid + " alive").isFalse();
    }
  }
}
