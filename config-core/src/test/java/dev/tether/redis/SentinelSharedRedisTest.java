package dev.tether.redis;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.RedisSentinelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared connection on a real local Sentinel set (primary, replica, 3 sentinels from testkit). */
class SentinelSharedRedisTest {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelSharedRedisTest.class);
    @RegisterExtension
    final TestResources resources = new TestResources();

    private SharedRedis sharedOn(RedisSentinelSet set) {
        List<RedisNode> sentinels = set.sentinels().stream().map(s -> new RedisNode(s.host(), s.port())).toList();
        RedisSettings settings = RedisSettings.builder().nodes(sentinels).mode(RedisMode.SENTINEL).sentinelMasterId(set.masterName())
                .commandTimeout(Duration.ofSeconds(2)).build();
        SharedRedis redis = resources.add(SharedRedis.start(settings));
        redis.awaitReady(Duration.ofSeconds(20));
        return redis;
    }

    @Test
    void writesGoToThePrimaryTheSentinelsName() {
        RedisSentinelSet set = resources.add(RedisSentinelSet.builder().start());
        SharedRedis redis = sharedOn(set);
        assertThat(redis.sync().set("order:1", "paid")).isEqualTo("OK");
        assertThat(set.primary().command("GET", "order:1")).isEqualTo("paid");
    }

    @Test
    void afterASentinelFailoverWritesReachTheNewPrimaryWithoutARestart() {
        RedisSentinelSet set = resources.add(RedisSentinelSet.builder().start());
        SharedRedis redis = sharedOn(set);
        assertThat(redis.sync().set("order:1", "before")).isEqualTo("OK");
        RedisServer old = set.primary();

        RedisServer next = set.replica();
        long began = System.nanoTime();
        java.util.concurrent.CompletableFuture<Long> agreed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            set.failover();
            return (System.nanoTime() - began) / 1_000_000;
        });
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger attempt = new AtomicInteger();
        // writes run while the sentinels fail over; the first that lands on the new primary ends the wait. Only a write made
        // after the new primary left replication counts: before that it would also see the old primary's writes.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                // the sentinels kill the servers' client connections while they reconfigure, the test's own included
                .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class).until(() -> {
            boolean promoted = next.command("ROLE").startsWith("master");
            String value = "after-" + attempt.incrementAndGet();
            try {
                redis.sync().set("order:2", value);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                return false;
            }
            return promoted && value.equals(next.command("GET", "order:2"));
        });
        long ms = (System.nanoTime() - began) / 1_000_000;
        LOG.info("FIGURE Sentinel failover -> first write on the new primary: {} ms after SENTINEL FAILOVER ({} ms until every sentinel "
                + "named the new primary); {} calls failed", ms, agreed.join(), failed.get());
        assertThat(next).isNotSameAs(old);
        assertThat(redis.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(redis.sync().get("order:2")).isEqualTo(next.command("GET", "order:2"));
    }

    @Test
    void aKilledPrimaryIsReplacedByTheOneTheSentinelsPromote() {
        RedisSentinelSet set = resources.add(RedisSentinelSet.builder().downAfter(Duration.ofSeconds(1)).start());
        SharedRedis redis = sharedOn(set);
        assertThat(redis.sync().set("k", "1")).isEqualTo("OK");
        RedisServer old = set.primary();
        RedisServer replica = set.replica();

        long killedAt = System.nanoTime();
        old.kill();
        AtomicInteger failed = new AtomicInteger();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try {
                redis.sync().set("k", "2");
                return true;
            } catch (RedisNotSentException | RedisOutcomeUnknownException e) {
                failed.incrementAndGet();
                return false;
            } catch (io.lettuce.core.RedisCommandExecutionException e) {
                failed.incrementAndGet(); // READONLY from the replica before its promotion
                return false;
            }
        });
        long ms = (System.nanoTime() - killedAt) / 1_000_000;
        LOG.info("FIGURE Sentinel primary SIGKILL (down-after 1000 ms) -> first successful write: {} ms; {} calls failed typed", ms, failed.get());
        assertThat(replica.command("GET", "k")).isEqualTo("2");
    }

    /**
     * {@code pubSub()} and {@code clientSideCache()} open connections of their own: on Sentinel they too go to the
     * primary the sentinels name (a sentinel knows no GET, and hears no PUBLISH of the data servers), and the
     * subscription still hears messages after a failover.
     */
    @Test
    void pubSubAndTheClientSideCacheReachThePrimaryTheSentinelsNameAndPubSubOutlivesAFailover() {
        RedisSentinelSet set = resources.add(RedisSentinelSet.builder().start());
        SharedRedis redis = sharedOn(set);
        set.primary().command("SET", "price:1", "42");
        ClientSideCache cache = redis.clientSideCache();
        assertThat(cache.get("price:1")).isEqualTo("42");
        cache.close();

        java.util.Set<String> heard = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PubSubConnection pubSub = redis.pubSub();
        pubSub.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                heard.add(message);
            }
        });
        pubSub.subscribe("orders");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            redis.sync().publish("orders", "before");
            return heard.contains("before");
        });

        RedisServer next = set.failover();
        // published through the shared connection, which follows the failover: the message comes from the new primary
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(RuntimeException.class).until(() -> {
            redis.sync().publish("orders", "after");
            return next.command("ROLE").startsWith("master") && heard.contains("after");
        });
        pubSub.close();
    }
}
