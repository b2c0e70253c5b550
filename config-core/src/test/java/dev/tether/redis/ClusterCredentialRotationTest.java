package dev.tether.redis;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A password rotated on every node of a real cluster: the nodes' connections are dropped, their
 * reconnects are refused with the old password, the configuration source catches up a second later,
 * and every primary's slots take writes again without a restart; no write is applied twice.
 */
class ClusterCredentialRotationTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCredentialRotationTest.class);
    private static final String OLD = "canary-cluster-old-5531";
    private static final String NEW = "canary-cluster-new-9024";
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aPasswordRotatedOnEveryNodeIsPickedUpForEveryPrimaryAndNoWriteIsReplayed() throws Exception {
        RedisCluster cluster = resources.add(RedisCluster.builder().primaries(3).replicasPerPrimary(0).start());
        cluster.nodes().forEach(n -> n.server().setPassword(OLD));
        Map<ClusterNode, String> keyOf = oneKeyPerPrimary(cluster);
        AtomicReference<String> store = new AtomicReference<>(OLD);
        List<RedisNode> seeds = cluster.nodes().stream().map(n -> new RedisNode(n.host(), n.port())).toList();
        RedisSettings base = RedisSettings.builder().nodes(seeds).mode(RedisMode.CLUSTER).password(Secret.of(OLD))
                .commandTimeout(Duration.ofSeconds(2)).build();

        try (LogCapture logs = new LogCapture()) {
            SharedRedis redis = resources.add(SharedRedis.builder(base)
                    .credentialsSource(() -> base.toBuilder().password(Secret.of(store.get())).build()).start());
            redis.awaitReady(Duration.ofSeconds(20));
            keyOf.values().forEach(key -> assertThat(redis.sync().rpush(key, "warm-" + key)).isEqualTo(1L));

            // writers: every attempt pushes an id of its own, so a replayed command shows as a duplicate
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> outcomeUnknown = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (String key : keyOf.values()) {
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = key + "#" + i;
                        try {
                            redis.sync().rpush(key, id);
                            acknowledged.add(id);
                        } catch (RedisNotSentException e) {
                            pause();
                        } catch (RuntimeException e) {
                            outcomeUnknown.add(id);
                            pause();
                        }
                    }
                }, "writer-" + key);
                t.start();
                writers.add(t);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > 30);

            for (ClusterNode node : cluster.nodes()) {
                node.server().setPassword(NEW);
            }
            for (ClusterNode node : cluster.nodes()) {
                node.server().command("CLIENT", "KILL", "TYPE", "normal");
            }
            long rotatedAt = System.nanoTime();
            Thread.sleep(1_000); // the store catches up one second after the servers
            store.set(NEW);

            for (Map.Entry<ClusterNode, String> e : keyOf.entrySet()) {
                String probe = "after-" + e.getValue();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> redis.sync().rpush(e.getValue(), probe) > 0);
                LOG.info("FIGURE cluster credential rotation: writes to {}'s slots succeed {} ms after the rotation",
                        e.getKey().address(), (System.nanoTime() - rotatedAt) / 1_000_000);
            }
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > before + 30);
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }

            for (Map.Entry<ClusterNode, String> e : keyOf.entrySet()) {
                List<String> stored = List.of(e.getKey().server().command("LRANGE", e.getValue(), "0", "-1").split("\n"));
                Set<String> seen = new HashSet<>();
                List<String> duplicates = stored.stream().filter(id -> !seen.add(id)).toList();
                assertThat(duplicates).as("ids applied twice (a replay) on %s", e.getKey()).isEmpty();
                for (String id : seen) {
                    if (id.contains("#")) {
                        assertThat(acknowledged.contains(id) || outcomeUnknown.contains(id))
                                .as("%s was applied although it was reported not sent", id).isTrue();
                    }
                }
                acknowledged.stream().filter(id -> id.startsWith(e.getValue() + "#"))
                        .forEach(id -> assertThat(seen).as("acknowledged write lost").contains(id));
            }
            LOG.info("FIGURE cluster credential rotation: {} writes acknowledged, {} outcome unknown, 0 replayed",
                    acknowledged.size(), outcomeUnknown.size());
            assertThat(logs.text()).doesNotContain(OLD).doesNotContain(NEW);
        }
    }

    private static Map<ClusterNode, String> oneKeyPerPrimary(RedisCluster cluster) {
        Map<ClusterNode, String> keys = new LinkedHashMap<>();
        for (int i = 0; keys.size() < 3; i++) {
            String key = "rotation:" + i;
            keys.putIfAbsent(cluster.primaryFor(key), key);
        }
        return keys;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
