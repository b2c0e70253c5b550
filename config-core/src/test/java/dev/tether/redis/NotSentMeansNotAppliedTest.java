package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections killed under concurrent writes: every command reported "not sent" (including those
 * Lettuce failed before or at the write: "Connection is closed", {@code ClosedChannelException})
 * must really be absent from the server.
 */
class NotSentMeansNotAppliedTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void noWriteReportedNotSentIsEverAppliedWhileConnectionsAreKilledUnderLoad() throws Exception {
        RedisServer server = RedisServer.plain();
        resources.add(server);
        server.start();
        SharedRedis redis = SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port())
                .commandTimeout(Duration.ofSeconds(2)).build()).reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).start();
        resources.add(redis);
        redis.awaitReady(Duration.ofSeconds(10));

        Set<String> notSent = ConcurrentHashMap.newKeySet();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int id = t;
            writers.execute(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = "w:" + id + ":" + i;
                    try {
                        redis.async().set(key, "1").get(5, TimeUnit.SECONDS);
                        acknowledged.add(key);
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RedisNotSentException) {
                            notSent.add(key);
                        }
                    } catch (Exception e) {
                        // outcome unknown: either way is allowed
                    }
                }
            });
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < end) {
            server.command("CLIENT", "KILL", "TYPE", "normal");
            Thread.sleep(250); // the fault rhythm, not a wait for a condition
        }
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(notSent).isNotEmpty();
        assertThat(acknowledged).isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(redis.sync().ping()));
        List<String> keys = new ArrayList<>(notSent);
        long phantoms = 0;
        for (int from = 0; from < keys.size(); from += 500) {
            phantoms += redis.sync().exists(keys.subList(from, Math.min(keys.size(), from + 500)).toArray(String[]::new));
        }
        assertThat(phantoms).as("writes applied although reported not sent").isZero();
        List<String> acked = new ArrayList<>(acknowledged);
        assertThat(redis.sync().exists(acked.subList(0, Math.min(acked.size(), 500)).toArray(String[]::new)))
                .isEqualTo(Math.min(acked.size(), 500));
    }
}
