package dev.tether.redis;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.RedisSentinelSet;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes through the shared connection while the sentinels fail the primary over ({@code SENTINEL FAILOVER}) on a
 * real Sentinel set. The old primary keeps accepting writes after the replica's promotion until a sentinel demotes
 * it ({@code REPLICAOF}, 8 s after {@code +switch-master} on Redis 7), and then discards them in its resync: a client
 * that writes there meanwhile loses acknowledged writes. tether stops writing at the failover's start.
 */
class SentinelFailoverWritesTest {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelFailoverWritesTest.class);
    private static final int WRITERS = 3;
    @RegisterExtension
    final TestResources resources = new TestResources();

    /** One writer's record: what the server acknowledged, and what tether said it never sent. */
    private static final class Writer extends Thread {
        final List<String> acked = Collections.synchronizedList(new ArrayList<>());
        /** When each of {@link #acked} was acknowledged (nanoTime), same order. */
        final List<Long> ackedAt = Collections.synchronizedList(new ArrayList<>());
        final List<String> notSent = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong unknown = new AtomicLong();
        final AtomicLong lastAckNanos = new AtomicLong();
        private final SharedRedis redis;
        private final AtomicBoolean stop;

        Writer(int index, SharedRedis redis, AtomicBoolean stop) {
            super("sentinel-writer-" + index);
            setDaemon(true);
            this.redis = redis;
            this.stop = stop;
        }

        @Override
        public void run() {
            for (long seq = 0; !stop.get(); seq++) {
                String key = getName() + ":" + seq;
                try {
                    redis.sync().set(key, "v");
                    long now = System.nanoTime();
                    acked.add(key);
                    ackedAt.add(now);
                    lastAckNanos.set(now);
                } catch (RedisNotSentException e) {
                    notSent.add(key);
                    parkMillis(1);
                } catch (RuntimeException e) {
                    unknown.incrementAndGet(); // outcome unknown or an error reply: neither promised
                    parkMillis(1);
                }
            }
        }
    }

    @Test
    void noAcknowledgedWriteIsLostAndNoRefusedWriteIsAppliedAcrossASentinelFailover() throws Exception {
        RedisSentinelSet set = resources.add(RedisSentinelSet.builder().start());
        SharedRedis redis = sharedOn(set);
        failOverUnderWrites(set, redis, "");
    }

    @Test
    void theFailoverWatchFollowsASentinelThatWasDownAtStartWhenTheOthersGo() throws Exception {
        RedisSentinelSet set = resources.add(RedisSentinelSet.builder().start());
        RedisServer late = set.sentinels().get(0);
        late.kill();
        SharedRedis redis = sharedOn(set);
        late.restart();
        // tether subscribes to a sentinel it could not reach at start once it is back (retried every 2 s); a sentinel has
        // no PUBSUB command, but its CLIENT LIST shows a connection subscribed to the ~20 failover channels
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Pattern.compile("\\bsub=[1-9][0-9]").matcher(late.command("CLIENT", "LIST")).find());
        set.sentinels().get(1).kill();
        set.sentinels().get(2).kill();
        failOverUnderWrites(set, redis, " (only the sentinel that was down at start running)");
    }

    private SharedRedis sharedOn(RedisSentinelSet set) {
        List<RedisNode> sentinels = set.sentinels().stream().map(s -> new RedisNode(s.host(), s.port())).toList();
        SharedRedis redis = resources.add(SharedRedis.start(RedisSettings.builder().nodes(sentinels).mode(RedisMode.SENTINEL)
                .sentinelMasterId(set.masterName()).commandTimeout(Duration.ofSeconds(2)).build()));
        redis.awaitReady(Duration.ofSeconds(20));
        return redis;
    }

    /**
     * {@code SENTINEL FAILOVER} while writers run, writes going on until the old primary is demoted and then until each
     * writer had a write acknowledged since; then every acknowledged write must be on the new primary and no refused one.
     */
    private void failOverUnderWrites(RedisSentinelSet set, SharedRedis redis, String what) throws Exception {
        RedisServer old = set.primary();
        RedisServer next = set.replica();
        AtomicBoolean stop = new AtomicBoolean();
        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(new Writer(i, redis, stop));
        }
        writers.forEach(Thread::start);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> writers.stream().allMatch(w -> w.acked.size() > 100));
            long began = System.nanoTime();
            CompletableFuture<RedisServer> agreed = CompletableFuture.supplyAsync(set::failover);
            // when the replica first says it is a primary (REPLICAOF NO ONE ran): from then on the old one is superseded
            CompletableFuture<Long> promoted = CompletableFuture.supplyAsync(() -> {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                        .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                        .until(() -> next.command("ROLE").startsWith("master"));
                return (System.nanoTime() - began) / 1_000_000;
            });
            // until a sentinel demotes it, the old primary takes any write that reaches it
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                    .until(() -> old.command("ROLE").startsWith("slave"));
            long demotedMs = (System.nanoTime() - began) / 1_000_000;
            assertThat(agreed.get(60, TimeUnit.SECONDS)).isSameAs(next);
            long demoted = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).until(() -> writers.stream().allMatch(w -> w.lastAckNanos.get() > demoted));
            stop.set(true);
            for (Writer w : writers) {
                w.join(10_000);
                assertThat(w.isAlive()).as("%s returned", w.getName()).isFalse();
            }

            List<String> acked = new ArrayList<>();
            List<Long> ackedAt = new ArrayList<>();
            List<String> notSent = new ArrayList<>();
            long unknown = 0;
            for (Writer w : writers) {
                acked.addAll(w.acked);
                ackedAt.addAll(w.ackedAt);
                notSent.addAll(w.notSent);
                unknown += w.unknown.get();
            }
            List<Boolean> kept = present(next, acked);
            long lost = 0;
            long firstLostMs = Long.MAX_VALUE;
            long lastLostMs = Long.MIN_VALUE;
            for (int i = 0; i < kept.size(); i++) {
                if (!kept.get(i)) {
                    lost++;
                    long ms = (ackedAt.get(i) - began) / 1_000_000;
                    firstLostMs = Math.min(firstLostMs, ms);
                    lastLostMs = Math.max(lastLostMs, ms);
                }
            }
            long applied = present(next, notSent).stream().filter(k -> k).count();
            LOG.info("FIGURE Sentinel failover{} under {} writers: {} writes acknowledged, {} of them lost{}; {} refused as not sent, {} "
                            + "of them applied; {} outcome unknown; replica said ROLE master {} ms, old primary demoted {} ms after "
                            + "SENTINEL FAILOVER", what, WRITERS, acked.size(), lost,
                    lost == 0 ? "" : " (acknowledged " + firstLostMs + " to " + lastLostMs + " ms after SENTINEL FAILOVER)", notSent.size(),
                    applied, unknown, promoted.get(60, TimeUnit.SECONDS), demotedMs);
            assertThat(lost).as("acknowledged writes missing on the new primary (of %s)", acked.size()).isZero();
            assertThat(applied).as("writes refused as not sent but applied (of %s)", notSent.size()).isZero();
        } finally {
            stop.set(true);
        }
    }

    /** Whether each of {@code keys} exists on {@code server}. */
    private static List<Boolean> present(RedisServer server, List<String> keys) {
        RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<Boolean> found = new ArrayList<>(keys.size());
            for (int from = 0; from < keys.size(); from += 1000) {
                for (KeyValue<String, String> kv : c.sync().mget(keys.subList(from, Math.min(keys.size(), from + 1000)).toArray(new String[0]))) {
                    found.add(kv.hasValue());
                }
            }
            return found;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void parkMillis(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
