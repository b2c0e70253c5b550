package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
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
import java.util.concurrent.atomic.AtomicLong;

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

    private SharedRedis sharedOn(RedisCluster cluster, RedisMode mode, boolean allSeeds) {
        List<RedisNode> nodes = (allSeeds ? cluster.nodes() : List.of(cluster.nodes().get(0))).stream()
                .map(n -> new RedisNode(n.host(), n.port())).toList();
        RedisSettings settings = RedisSettings.builder().nodes(nodes).mode(mode).commandTimeout(Duration.ofSeconds(2)).build();
        SharedRedis redis = resources.add(SharedRedis.start(settings));
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
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, true);
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
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, true);
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
        SharedRedis redis = sharedOn(cluster(), RedisMode.CLUSTER, true);
        assertThatThrownBy(() -> redis.transaction(tx -> {
            tx.multi();
            return null;
        })).isInstanceOf(CommandRefusedException.class).hasMessageContaining("Cluster").hasMessageContaining("EVAL");
    }

    @Test
    void autoModeWithOneSeedDetectsTheClusterAndUsesTheClusterClient() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisMode.AUTO, false);
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
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, true);
        String key = "order:1";
        ClusterNode primary = cluster.primaryFor(key);
        ClusterNode replica = cluster.replicasOf(primary).get(0);
        assertThat(redis.sync().set(key, "before")).isEqualTo("OK");

        LogCapture logs = new LogCapture();
        long killedAt = System.nanoTime();
        cluster.kill(primary);
        AtomicLong promotedAt = new AtomicLong();
        Thread watcher = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && promotedAt.get() == 0) {
                if (cluster.isPrimary(replica)) {
                    promotedAt.set(System.nanoTime());
                }
            }
        });
        watcher.start();
        AtomicInteger failed = new AtomicInteger();
        await().atMost(cluster.nodeTimeout().plusSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                return "OK".equals(redis.sync().set(key, "after"));
            } catch (RedisNotSentException | RedisOutcomeUnknownException e) {
                failed.incrementAndGet();
                return false;
            }
        });
        long writtenAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> promotedAt.get() != 0);
        long ms = (writtenAt - killedAt) / 1_000_000;
        long promotedMs = (promotedAt.get() - killedAt) / 1_000_000;
        LOG.info("FIGURE cluster primary SIGKILL -> first successful write to its slot: {} ms; replica said ROLE master after {} ms; "
                + "cluster-node-timeout {} ms; {} calls failed typed (not sent / outcome unknown)", ms, promotedMs, cluster.nodeTimeout().toMillis(), failed.get());
        // the cluster's own promotion is the floor; tether must follow it within a second
        assertThat(ms - promotedMs).as("ms from the replica's promotion to the first successful write").isLessThan(1000 + 2000);
        assertThat(replica.server().command("GET", key)).isEqualTo("after");
        assertThat(redis.state()).isEqualTo(ConnectionState.CONNECTED);
        // one outage, one WARN from tether, however many calls failed meanwhile
        List<String> warnings = logs.atLeast(ch.qos.logback.classic.Level.WARN).stream().filter(e -> e.getLoggerName().equals("dev.tether.redis"))
                .map(e -> e.getFormattedMessage()).toList();
        logs.close();
        assertThat(warnings).filteredOn(m -> m.contains(primary.address())).hasSize(1).first().asString().contains("unreachable");
    }

    @Test
    void aManualFailoverIsFollowedWithoutAnErrorStorm() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, true);
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

    @Test
    void aFrozenPrimaryCostsItsOwnSlotsATimeoutAndIsLeftBehindAfterTheFailover() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, true);
        String frozenKey = "order:1";
        ClusterNode frozen = cluster.primaryFor(frozenKey);
        ClusterNode replica = cluster.replicasOf(frozen).get(0);
        String otherKey = List.of("alpha", "beta", "gamma", "delta", "epsilon").stream()
                .filter(k -> !cluster.primaryFor(k).equals(frozen)).findFirst().orElseThrow();
        assertThat(redis.sync().set(frozenKey, "before")).isEqualTo("OK");

        long frozenAt = System.nanoTime();
        cluster.freeze(frozen);
        try {
            var stuck = redis.async().set(frozenKey, "during").toCompletableFuture();
            // the other primaries' slots are not held up by it (until the cluster itself, past its node timeout, says CLUSTERDOWN)
            assertThat(redis.sync().set(otherKey, "fine")).isEqualTo("OK");
            // the write to the frozen node gets no reply: it fails at its timeout, typed, instead of hanging
            assertThat(stuck).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(RedisOutcomeUnknownException.class);
            await().atMost(cluster.nodeTimeout().plusSeconds(20)).pollInterval(Duration.ofMillis(50))
                    // typed failures, and Redis's own CLUSTERDOWN while the slot has no primary (passed through as is)
                    .ignoreExceptionsMatching(e -> e instanceof RedisOutcomeUnknownException || e instanceof RedisNotSentException
                            || String.valueOf(e.getMessage()).startsWith("CLUSTERDOWN"))
                    .until(() -> "OK".equals(redis.sync().set(frozenKey, "after")));
            LOG.info("FIGURE cluster primary SIGSTOPped -> first successful write to its slot: {} ms", (System.nanoTime() - frozenAt) / 1_000_000);
            assertThat(replica.server().command("GET", frozenKey)).isEqualTo("after");
        } finally {
            cluster.unfreeze(frozen);
        }
    }

    @Test
    void aSlotNoNodeServesFailsTypedAsNotAppliedNeverAsARawClusterDownReply() {
        RedisCluster cluster = cluster();
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, true);
        String key = "invoice:7";
        assertThat(redis.sync().set(key, "before")).isEqualTo("OK");
        ClusterNode owner = cluster.primaryFor(key);
        String slot = String.valueOf(SlotHash.getSlot(key));
        for (ClusterNode node : cluster.nodes()) {
            node.server().command("CLUSTER", "DELSLOTS", slot);
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(AssertionError.class).untilAsserted(() ->
                assertThatThrownBy(() -> redis.sync().set(key, "after")).isInstanceOf(RedisNotSentException.class)
                        .hasMessageContaining("nothing was written"));
        owner.server().command("CLUSTER", "ADDSLOTS", slot); // served again: the value shows whether the refused write was applied
        assertThat(owner.server().command("GET", key)).as("the refused write was not applied").isEqualTo("before");
    }
}
