package dev.tether.redis;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster reached through one configuration endpoint's name (as ElastiCache and Redis Cloud give it) whose answer
 * changes: the cluster behind the name is replaced by another one on other addresses and the old one goes away at once,
 * so that no node tether knows survives; only the name leads to the new cluster. The name is re-pointed through the
 * builder's address seam (the JVM's DNS cannot be steered from a test).
 */
class ClusterBehindANameTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBehindANameTest.class);
    private static final String NAME = "clustercfg.orders.test";
    /** cluster-node-timeout (testkit's 1 s) + 1 s: the bound for writes after the cluster is usable again. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void writesFollowTheNameToAReplacementClusterWhenEveryKnownNodeIsGone() {
        RedisCluster old = resources.add(RedisCluster.builder().primaries(3).replicasPerPrimary(0).start());
        AtomicReference<ClusterNode> pointsTo = new AtomicReference<>(old.nodes().get(0));
        SharedRedis redis = resources.add(SharedRedis.builder(RedisSettings.builder().host(NAME).port(6379).mode(RedisMode.CLUSTER)
                        .commandTimeout(Duration.ofSeconds(2)).build())
                .addressMapping(address -> address.getHostString().equals(NAME)
                        ? InetSocketAddress.createUnresolved(pointsTo.get().host(), pointsTo.get().port()) : address)
                .start());
        redis.awaitReady(Duration.ofSeconds(20));
        assertThat(redis.sync().set("order:1", "paid")).isEqualTo("OK");

        RedisCluster replacement = resources.add(RedisCluster.builder().primaries(3).replicasPerPrimary(0).start());
        pointsTo.set(replacement.nodes().get(0));
        old.close();
        long gone = System.nanoTime();

        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> "OK".equals(redis.sync().set("order:2", "paid")));
        LOG.info("FIGURE cluster replaced behind its name -> first write on the new cluster {} ms after the old one was gone",
                (System.nanoTime() - gone) / 1_000_000);
        assertThat(replacement.primaryFor("order:2").server().command("GET", "order:2")).isEqualTo("paid");
        assertThat(redis.sync().get("order:2")).isEqualTo("paid");
    }
}
