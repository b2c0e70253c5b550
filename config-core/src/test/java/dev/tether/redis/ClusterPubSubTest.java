package dev.tether.redis;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code SharedRedis.pubSub()} on a real cluster survives the death of the node it subscribed on
 * (a primary is failed over by the cluster), and the client-side cache is refused on a cluster with
 * the alternative named.
 */
class ClusterPubSubTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPubSubTest.class);
    @RegisterExtension
    final TestResources resources = new TestResources();

    private SharedRedis sharedOn(RedisCluster cluster, RedisMode mode, List<ClusterNode> seeds) {
        List<RedisNode> nodes = seeds.stream().map(n -> new RedisNode(n.host(), n.port())).toList();
        RedisSettings settings = RedisSettings.builder().nodes(nodes).mode(mode).commandTimeout(Duration.ofSeconds(2)).build();
        SharedRedis redis = resources.add(SharedRedis.start(settings));
        redis.awaitReady(Duration.ofSeconds(20));
        return redis;
    }

    @Test
    void aSubscriptionSurvivesTheDeathOfItsNodeAndReportsTheGap() {
        RedisCluster cluster = resources.add(RedisCluster.builder().start());
        SharedRedis redis = sharedOn(cluster, RedisMode.CLUSTER, cluster.nodes());
        List<String> received = new CopyOnWriteArrayList<>();
        List<SubscriptionGap> gaps = new CopyOnWriteArrayList<>();
        PubSubConnection pubSub = redis.pubSub();
        resources.add(pubSub::close);
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received.add(message);
            }
        });
        pubSub.onGap(gaps::add);
        pubSub.subscribe("news");

        redis.sync().publish("news", "before");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("before"));
        ClusterNode subscribedOn = subscriber(cluster, "news").orElseThrow();
        boolean primary = cluster.isPrimary(subscribedOn);
        LOG.info("pub/sub subscribed on {} ({}); killing it", subscribedOn.address(), primary ? "primary" : "replica");
        long killedAt = System.nanoTime();
        cluster.kill(subscribedOn);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            redis.sync().publish("news", "after");
            return received.contains("after");
        });
        LOG.info("FIGURE cluster pub/sub: a message published after the subscribed {} was SIGKILLed arrived {} ms after the kill",
                primary ? "primary" : "replica", (System.nanoTime() - killedAt) / 1_000_000);
        ClusterNode now = subscriber(cluster, "news").orElseThrow();
        assertThat(now.id()).isNotEqualTo(subscribedOn.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> !gaps.isEmpty());
        assertThat(gaps.get(0).channels()).containsExactly("news");
        assertThat(pubSub.isConnected()).isTrue();
    }

    @Test
    void theClientSideCacheIsRefusedOnAClusterNamingTheAlternative() {
        RedisCluster cluster = resources.add(RedisCluster.builder().primaries(3).replicasPerPrimary(0).start());
        SharedRedis seeded = sharedOn(cluster, RedisMode.CLUSTER, cluster.nodes());
        assertThatThrownBy(seeded::clientSideCache).isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("Cluster").hasMessageContaining("pubSub()");
        // REDIS_MODE=auto with one address finds out at connect
        SharedRedis auto = sharedOn(cluster, RedisMode.AUTO, List.of(cluster.nodes().get(0)));
        assertThatThrownBy(auto::clientSideCache).isInstanceOf(CommandRefusedException.class).hasMessageContaining("CLIENT TRACKING");
        assertThat(cluster.nodes().get(0).server().command("CLIENT", "LIST")).doesNotContain("flags=t");
    }

    /** The live node where a client subscribes to {@code channel} ({@code PUBSUB NUMSUB} is per node on a cluster). */
    private static Optional<ClusterNode> subscriber(RedisCluster cluster, String channel) {
        return cluster.nodes().stream().filter(n -> n.server().isRunning())
                .filter(n -> n.server().command("PUBSUB", "NUMSUB", channel).endsWith("1")).findFirst();
    }
}
