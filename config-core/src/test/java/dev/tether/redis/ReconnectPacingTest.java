package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reconnect attempts while the server refuses with "max number of clients reached" ({@code maxclients}
 * 1 and a holder connection): busy threads must not multiply them. Figures go to
 * {@code target/reconnect-pacing.txt}.
 */
class ReconnectPacingTest {
    private static final Duration WINDOW = Duration.ofSeconds(5);
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void busyThreadsDoNotMultiplyReconnectAttemptsAgainstAServerAtMaxClients() throws Exception {
        RedisServer server = RedisServer.builder().config("maxclients 2").build();
        resources.add(server);
        server.start();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port())
                .commandTimeout(Duration.ofSeconds(2)).build()).listener(events::add).start();
        resources.add(redis);
        redis.awaitReady(Duration.ofSeconds(10));
        RawRedisClient holder = new RawRedisClient(server.host(), server.port());
        resources.add(holder);

        int idle = attemptsWhileDown(redis, holder, events, 0);
        int busy8 = attemptsWhileDown(redis, holder, events, 8);
        int busy64 = attemptsWhileDown(redis, holder, events, 64);

        String figures = String.format("reconnect attempts in %d s against maxclients: idle %d, 8 busy threads %d, 64 busy threads %d%n",
                WINDOW.toSeconds(), idle, busy8, busy64);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "reconnect-pacing.txt"), figures);
        System.out.print(figures);
        assertThat(events).filteredOn(e -> e.type() == ConnectionEvent.Type.RECONNECT_FAILED)
                .extracting(e -> e.diagnosis().code()).contains(DiagnosisCode.MAX_CLIENTS);
        assertThat(idle).isBetween(1, 12);
        assertThat(busy8).isLessThanOrEqualTo(2 * idle + 1);
        assertThat(busy64).isLessThanOrEqualTo(2 * idle + 1);
    }

    @Test
    void waitersAtTheReadinessGateDoNotMultiplyAttemptsAgainstAClosedPort() throws Exception {
        RedisServer server = RedisServer.plain();
        resources.add(server);
        server.start();
        RedisSettings settings = RedisSettings.builder().host(server.host()).port(server.port()).build();
        server.kill();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = SharedRedis.builder(settings).listener(events::add).start();
        resources.add(redis);
        ExecutorService waiters = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + WINDOW.toNanos();
        for (int t = 0; t < 8; t++) {
            waiters.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        redis.awaitReady(Duration.ofMillis(20));
                    } catch (RedisUnavailableException expected) {
                        // still down
                    }
                }
            });
        }
        waiters.shutdown();
        assertThat(waiters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        // Backoff 10 ms .. 2 s with equal jitter: about 8 attempts in the first 2 s, then one per 1-2 s.
        assertThat(failures(events)).isBetween(3, 14);
    }

    /** Fills the server's last slot, drops tether's connection, counts failed attempts for the window with {@code threads} callers. */
    private static int attemptsWhileDown(SharedRedis redis, RawRedisClient holder, List<ConnectionEvent> events, int threads) throws Exception {
        assertThat(holder.call("CONFIG", "SET", "maxclients", "1")).isEqualTo("+OK");
        assertThat(holder.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")).startsWith(":");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);
        int before = failures(events);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = threads == 0 ? null : Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (!stop.get()) {
                    try {
                        redis.sync().set("busy", "1");
                    } catch (RedisNotSentException expected) {
                        Thread.onSpinWait();
                    }
                }
            });
        }
        try {
            Thread.sleep(WINDOW.toMillis()); // the measurement window itself, not a wait for a condition
        } finally {
            stop.set(true);
            if (pool != null) {
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        int attempts = failures(events) - before;
        assertThat(holder.call("CONFIG", "SET", "maxclients", "2")).isEqualTo("+OK");
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.state() == ConnectionState.CONNECTED);
        return attempts;
    }

    private static int failures(List<ConnectionEvent> events) {
        return (int) events.stream().filter(e -> e.type() == ConnectionEvent.Type.RECONNECT_FAILED).count();
    }
}
