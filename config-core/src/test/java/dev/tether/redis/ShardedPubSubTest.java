package dev.tether.redis;

import ch.qos.logback.classic.Level;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisBinary;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sharded pub/sub ({@code SSUBSCRIBE}/{@code SPUBLISH}) through {@code SharedRedis.pubSub()}: on a real
 * cluster a shard channel's subscription follows its slot when the owning primary is SIGKILLed and when
 * the slot migrates, with the gap reported; on one server it survives a restart. Redis 7.0+ only.
 */
class ShardedPubSubTest {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedPubSubTest.class);
    private static final String CHANNEL = "orders{7}";
    @RegisterExtension
    final TestResources resources = new TestResources();

    @BeforeEach
    void needsShardedPubSub() {
        String version = RedisBinary.resolve().version();
        assumeTrue(Integer.parseInt(version.split("\\.")[0]) >= 7,
                "sharded pub/sub (SSUBSCRIBE/SPUBLISH) needs Redis 7.0+; this redis-server is " + version);
    }

    /** What a subscriber saw: shard messages and gaps. */
    private static final class Subscriber {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<SubscriptionGap> gaps = new CopyOnWriteArrayList<>();

        PubSubConnection attach(PubSubConnection pubSub) {
            pubSub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String channel, String message) {
                    received.add(channel + ":" + message);
                }
            });
            pubSub.onGap(gaps::add);
            return pubSub;
        }
    }

    private SharedRedis sharedOn(RedisCluster cluster) {
        List<RedisNode> nodes = cluster.nodes().stream().map(n -> new RedisNode(n.host(), n.port())).toList();
        RedisSettings settings = RedisSettings.builder().nodes(nodes).mode(RedisMode.CLUSTER).commandTimeout(Duration.ofSeconds(2)).build();
        SharedRedis redis = resources.add(SharedRedis.start(settings));
        redis.awaitReady(Duration.ofSeconds(20));
        return redis;
    }

    /** A pub/sub connection subscribed to {@code channels}, proven by a message on {@link #CHANNEL}. */
    private PubSubConnection subscribed(SharedRedis redis, Subscriber s, String... channels) {
        PubSubConnection pubSub = resources.add(s.attach(redis.pubSub()));
        pubSub.ssubscribe(channels);
        publishUntilReceived(redis, s, "before", Duration.ofSeconds(5));
        return pubSub;
    }

    /** Publishes until {@code message} arrives (SPUBLISH fails while the slot has no live owner). */
    private static void publishUntilReceived(SharedRedis redis, Subscriber s, String message, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            redis.sync().spublish(CHANNEL, message);
            return s.received.contains(CHANNEL + ":" + message);
        });
    }

    @Test
    void aShardSubscriptionFollowsItsSlotWhenThePrimaryIsKilledAndLogsTheOutageOnce() {
        RedisCluster cluster = resources.add(RedisCluster.builder().start());
        SharedRedis redis = sharedOn(cluster);
        Subscriber s = new Subscriber();
        PubSubConnection pubSub = subscribed(redis, s, CHANNEL);
        ClusterNode owner = cluster.primaryFor(CHANNEL);
        assertThat(owner.server().command("PUBSUB", "SHARDNUMSUB", CHANNEL)).endsWith("1");

        LogCapture log = resources.add(new LogCapture());
        long killedAt = System.nanoTime();
        cluster.kill(owner);
        // the cluster's own part: until a replica is promoted, no node can take the shard channel
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> !cluster.primaryFor(CHANNEL).id().equals(owner.id()));
        long promotedAt = System.nanoTime();
        publishUntilReceived(redis, s, "after", Duration.ofSeconds(30));
        LOG.info("FIGURE sharded pub/sub: a message SPUBLISHed after the shard channel's primary was SIGKILLed arrived {} ms after the kill, "
                + "{} ms after the cluster promoted the replica", (System.nanoTime() - killedAt) / 1_000_000, (System.nanoTime() - promotedAt) / 1_000_000);
        ClusterNode newOwner = cluster.primaryFor(CHANNEL);
        assertThat(newOwner.id()).isNotEqualTo(owner.id());
        assertThat(newOwner.server().command("PUBSUB", "SHARDNUMSUB", CHANNEL)).endsWith("1");
        await().atMost(Duration.ofSeconds(5)).until(() -> !s.gaps.isEmpty() && pubSub.isConnected());
        assertThat(s.gaps).hasSize(1);
        assertThat(s.gaps.get(0).shardChannels()).containsExactly(CHANNEL);
        assertThat(s.gaps.get(0).channels()).isEmpty();

        // The dead node stays dead: Lettuce's node connections (pub/sub and shared) keep reconnecting to it, and
        // without taming each one warned "Cannot reconnect to ..." every 5 s. Watch long enough for two more.
        await().during(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(15))
                .until(() -> lettuceReconnectWarnings(log) == 0);
        String text = log.text();
        List<String> tetherWarnings = log.atLeast(Level.WARN).stream().filter(e -> e.getLoggerName().equals("dev.tether.redis"))
                .map(e -> e.getFormattedMessage()).toList();
        LOG.info("FIGURE log lines at WARN+ in the 11 s after the kill: {} (tether's: {})", log.atLeast(Level.WARN).size(), tetherWarnings);
        assertThat(text).doesNotContain("Cannot reconnect");
        // one line per outage: the shard channel's, and the dead node's for the shared connection
        assertThat(tetherWarnings.stream().filter(m -> m.contains("shard channel") || m.contains("sharded subscription"))).hasSize(1);
        assertThat(tetherWarnings.stream().filter(m -> m.contains("cluster node " + owner.address()))).hasSizeLessThanOrEqualTo(1);
        assertThat(log.atLeast(Level.WARN)).allMatch(e -> e.getLoggerName().equals("dev.tether.redis"), "only tether's own lines");
    }

    private static long lettuceReconnectWarnings(LogCapture log) {
        return log.atLeast(Level.WARN).stream().filter(e -> e.getLoggerName().startsWith("io.lettuce")).count();
    }

    @Test
    void aShardSubscriptionFollowsItsSlotWhenTheSlotMigrates() {
        RedisCluster cluster = resources.add(RedisCluster.builder().primaries(3).replicasPerPrimary(0).start());
        SharedRedis redis = sharedOn(cluster);
        Subscriber s = new Subscriber();
        PubSubConnection pubSub = subscribed(redis, s, CHANNEL);
        int slot = cluster.slotOf(CHANNEL);
        ClusterNode source = cluster.primaryFor(slot);
        ClusterNode target = cluster.nodes().stream().filter(n -> !n.id().equals(source.id())).findFirst().orElseThrow();

        long movedAt = System.nanoTime();
        migrate(cluster, slot, source, target);
        publishUntilReceived(redis, s, "after", Duration.ofSeconds(15));
        LOG.info("FIGURE sharded pub/sub: a message SPUBLISHed after the shard channel's slot migrated arrived {} ms after the move",
                (System.nanoTime() - movedAt) / 1_000_000);
        assertThat(target.server().command("PUBSUB", "SHARDNUMSUB", CHANNEL)).endsWith("1");
        assertThat(source.server().command("PUBSUB", "SHARDNUMSUB", CHANNEL)).endsWith("0");
        await().atMost(Duration.ofSeconds(5)).until(() -> !s.gaps.isEmpty() && pubSub.isConnected());
        assertThat(s.gaps.get(0).shardChannels()).containsExactly(CHANNEL);
        // unsubscribed by us: not followed
        pubSub.sunsubscribe(CHANNEL);
        assertThat(target.server().command("PUBSUB", "SHARDNUMSUB", CHANNEL)).endsWith("0");
        assertThat(pubSub.isConnected()).isTrue();
    }

    /** Moves an empty slot as {@code redis-cli --cluster reshard} does: IMPORTING, MIGRATING, then SETSLOT NODE everywhere. */
    private static void migrate(RedisCluster cluster, int slot, ClusterNode source, ClusterNode target) {
        String s = Integer.toString(slot);
        target.server().command("CLUSTER", "SETSLOT", s, "IMPORTING", source.id());
        source.server().command("CLUSTER", "SETSLOT", s, "MIGRATING", target.id());
        target.server().command("CLUSTER", "SETSLOT", s, "NODE", target.id());
        source.server().command("CLUSTER", "SETSLOT", s, "NODE", target.id());
        for (ClusterNode n : cluster.nodes()) {
            if (n != source && n != target) {
                n.server().command("CLUSTER", "SETSLOT", s, "NODE", target.id());
            }
        }
    }

    @Test
    void onOneServerAShardSubscriptionSurvivesARestart() {
        RedisServer server = resources.start(RedisServer.plain());
        SharedRedis redis = resources.add(SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port())
                .commandTimeout(Duration.ofSeconds(2)).build()).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).start());
        redis.awaitReady(Duration.ofSeconds(30));
        Subscriber s = new Subscriber();
        PubSubConnection pubSub = subscribed(redis, s, CHANNEL, "other");

        server.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> s.gaps.size() == 1 && pubSub.isConnected());
        publishUntilReceived(redis, s, "after", Duration.ofSeconds(10));
        assertThat(s.gaps.get(0).shardChannels()).containsExactlyInAnyOrder(CHANNEL, "other");
        pubSub.sunsubscribe("other");
        assertThat(server.command("PUBSUB", "SHARDCHANNELS")).isEqualTo(CHANNEL);
    }
}
