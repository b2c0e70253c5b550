package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.redis.internal.RedisTopology;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The shared connection on a real local Redis Cluster (3 primaries + 3 replicas from testkit): the
 * same {@code RedisCommands} views as on one server, the slot rule enforced before sending, and
 * failovers healed without a restart.
 */
class ClusterSharedRedisTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSharedRedisTest.class);
    @RegisterExtension
    final TestResources resources = new TestResources();

    private RedisCluster cluster() {
        return resources.add(RedisCluster.builder().start());
    }

    private SharedRedis sharedOn(RedisCluster cluster, RedisTopology.Mode mode, boolean allSeeds) {
        ClusterNode first = cluster.nodes().get(0);
        RedisSettings settings = RedisSettings.builder().host(first.host()).port(first.port()).commandTimeout(Duration.ofSeconds(2)).build();
        List<RedisTopology.Node> nodes = (allSeeds ? cluster.nodes() : List.of(first)).stream()
                .map(n -> new RedisTopology.Node(n.host(), n.port())).toList();
        SharedRedis redis = resources.add(SharedRedis.builder(settings).topology(new RedisTopology(mode, nodes, null, null, "upstream")).start());
        redis.awaitReady(Duration.ofSeconds(20));
        return redis;
    }

    /** One key per hash slot, found locally with the slot function Redis uses. */
    private static List<String> oneKeyPerSlot() {
        String[] bySlot = new String[SlotHash.SLOT_COUNT];
        int found = 0;
        for (int i = 0; found < SlotHash.SLOT_COUNT; i++) {
            String key = "k" + i;
            int slot = SlotHash.getSlot(key);
            if (bySlot[slot] == null) {
                bySlot[slot] = key;
                found++;
            }
        }
        return List.of(bySlot);
    }

    @Test
    void writesReachEverySlotThroughTheSameSyncViewAsOnOneServer() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisTopology.Mode.CLUSTER, true);
        List<String> keys = oneKeyPerSlot();
        for (String key : keys) {
            assertThat(redis.sync().set(key, "v-" + key)).isEqualTo("OK");
        }
        for (int i = 0; i < keys.size(); i += 997) {
            String key = keys.get(i);
            assertThat(cluster.primaryFor(key).server().command("GET", key)).isEqualTo("v-" + key);
            assertThat(redis.sync().get(key)).isEqualTo("v-" + key);
        }
        assertThat(redis.async().get(keys.get(16000)).toCompletableFuture().join()).isEqualTo("v-" + keys.get(16000));
        assertThat(redis.reactive().get(keys.get(42)).block(Duration.ofSeconds(5))).isEqualTo("v-" + keys.get(42));
    }

    @Test
    void aCrossSlotMsetIsRefusedBeforeSendingAndAHashTaggedOneIsApplied() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisTopology.Mode.CLUSTER, true);
        Map<String, String> spread = new LinkedHashMap<>();
        spread.put("user:1", "a");
        spread.put("user:2", "b");
        assertThat(SlotHash.getSlot("user:1")).isNotEqualTo(SlotHash.getSlot("user:2"));

        assertThatThrownBy(() -> redis.sync().mset(spread)).isInstanceOf(CrossSlotException.class)
                .hasMessageContaining("MSET").hasMessageContaining("one slot").hasMessageContaining("hash tag")
                .hasMessageContaining("nothing was sent").hasMessageNotContaining("CROSSSLOT");
        assertThat(redis.async().mset(spread).toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> redis.sync().rename("user:1", "user:2")).isInstanceOf(CrossSlotException.class);
        assertThat(cluster.primaryFor("user:1").server().command("EXISTS", "user:1")).isEqualTo("0");
        assertThat(cluster.primaryFor("user:2").server().command("EXISTS", "user:2")).isEqualTo("0");

        Map<String, String> tagged = Map.of("{user:1}.name", "a", "{user:1}.mail", "b");
        assertThat(redis.sync().mset(tagged)).isEqualTo("OK");
        assertThat(redis.sync().mget("{user:1}.name", "{user:1}.mail")).extracting(kv -> kv.getValue()).containsExactly("a", "b");
        // hash fields are not keys: many fields of one hash are one slot
        assertThat(redis.sync().hset("user:7", Map.of("name", "x", "mail", "y"))).isEqualTo(2L);
    }

    @Test
    void commandsThatNeedOneServersConnectionAreRefusedNamingTheSafeWay() {
        SharedRedis redis = sharedOn(cluster(), RedisTopology.Mode.CLUSTER, true);
        assertThatThrownBy(() -> redis.transaction(tx -> {
            tx.multi();
            return null;
        })).isInstanceOf(CommandRefusedException.class).hasMessageContaining("Cluster").hasMessageContaining("EVAL");
    }

    @Test
    void autoModeWithOneSeedDetectsTheClusterAndUsesTheClusterClient() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisTopology.Mode.AUTO, false);
        for (String key : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
            assertThat(redis.sync().set(key, "1")).isEqualTo("OK");
            assertThat(cluster.primaryFor(key).server().command("GET", key)).isEqualTo("1");
        }
        // three primaries took writes: nothing was answered with MOVED
        assertThat(List.of("alpha", "beta", "gamma", "delta", "epsilon").stream().map(cluster::primaryFor).distinct().count()).isGreaterThan(1);
    }

    @Test
    void writesToAKilledPrimarysSlotsSucceedAgainAfterTheClusterPromotesItsReplica() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisTopology.Mode.CLUSTER, true);
        String key = "order:1";
        ClusterNode primary = cluster.primaryFor(key);
        ClusterNode replica = cluster.replicasOf(primary).get(0);
        assertThat(redis.sync().set(key, "before")).isEqualTo("OK");

        long killedAt = System.nanoTime();
        cluster.kill(primary);
        AtomicInteger failed = new AtomicInteger();
        await().atMost(cluster.nodeTimeout().plusSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                return "OK".equals(redis.sync().set(key, "after"));
            } catch (RedisNotSentException | RedisOutcomeUnknownException e) {
                failed.incrementAndGet();
                return false;
            }
        });
        long ms = (System.nanoTime() - killedAt) / 1_000_000;
        LOG.info("FIGURE cluster primary SIGKILL -> first successful write to its slot: {} ms (cluster-node-timeout {} ms, {} calls failed typed)",
                ms, cluster.nodeTimeout().toMillis(), failed.get());
        System.out.printf("FIGURE cluster primary SIGKILL -> first successful write: %d ms (node timeout %d ms, %d typed failures)%n",
                ms, cluster.nodeTimeout().toMillis(), failed.get());
        assertThat(replica.server().command("GET", key)).isEqualTo("after");
        assertThat(redis.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aManualFailoverIsFollowedWithoutAnErrorStorm() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisTopology.Mode.CLUSTER, true);
        String key = "cart:9";
        ClusterNode primary = cluster.primaryFor(key);
        ClusterNode replica = cluster.replicasOf(primary).get(0);
        List<Throwable> failures = new ArrayList<>();
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < end) {
                try {
                    redis.sync().incr(key);
                    written.incrementAndGet();
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }
        });
        writer.start();
        cluster.failover(replica);
        await().atMost(Duration.ofSeconds(20)).until(() -> !writer.isAlive());
        LOG.info("FIGURE manual CLUSTER FAILOVER under writes: {} written, {} failed: {}", written.get(), failures.size(), failures);
        assertThat(failures).as("a coordinated failover loses no write: clients are redirected").hasSizeLessThanOrEqualTo(2);
        assertThat(redis.sync().incr(key)).isGreaterThan(written.get());
        assertThat(replica.server().command("GET", key)).isNotNull();
    }
}
