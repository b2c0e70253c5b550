package dev.tether.redis;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@link SharedRedis#pipeline} on a Redis Cluster, where one batch spans several nodes: "not sent" must still mean
 * that nothing of the batch was written.
 */
class ClusterPipelineTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aBatchWrittenToSomeNodesButNotToADeadOneIsOutcomeUnknownNotNotSent() {
        // no replicas and a long node timeout: the dead primary's slots stay its own, the others' keep being served
        RedisCluster cluster = resources.add(RedisCluster.builder().replicasPerPrimary(0).nodeTimeout(Duration.ofSeconds(30)).start());
        List<RedisNode> seeds = cluster.nodes().stream().map(n -> new RedisNode(n.host(), n.port())).toList();
        SharedRedis redis = resources.add(SharedRedis.start(RedisSettings.builder().nodes(seeds).mode(RedisMode.CLUSTER).build()));
        redis.awaitReady(Duration.ofSeconds(20));
        String live = "alive";
        ClusterNode liveNode = cluster.primaryFor(SlotHash.getSlot(live));
        String dead = "dead";
        for (int i = 0; cluster.primaryFor(SlotHash.getSlot(dead)).id().equals(liveNode.id()); i++) {
            dead = "dead" + i;
        }
        ClusterNode victim = cluster.primaryFor(SlotHash.getSlot(dead));
        String deadKey = dead;
        assertThat(redis.pipeline(batch -> {
            batch.set(deadKey, "before");
            batch.set(live, "before");
        })).containsExactly("OK", "OK");

        cluster.kill(victim);
        await("a write to the dead primary's slot is refused as not sent").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> catchThrowable(() -> redis.sync().set(deadKey, "x")) instanceof RedisNotSentException);

        Throwable batch = catchThrowable(() -> redis.pipeline(b -> {
            b.set(deadKey, "after");
            b.set(live, "after");
        }));

        assertThat(liveNode.server().command("GET", live)).as("the live node's part of the batch").isEqualTo("after");
        assertThat(batch).as("a batch applied in part is not 'not sent'").isNotInstanceOf(RedisNotSentException.class)
                .isInstanceOf(RedisOutcomeUnknownException.class).hasMessageContaining("written in part")
                .hasMessageContaining("[0]").hasCauseInstanceOf(RedisNotSentException.class);

        Throwable allDead = catchThrowable(() -> redis.pipeline(b -> b.set(deadKey, "again")));
        assertThat(allDead).as("a batch of which nothing was written is still 'not sent'").isInstanceOf(RedisNotSentException.class);
    }
}
