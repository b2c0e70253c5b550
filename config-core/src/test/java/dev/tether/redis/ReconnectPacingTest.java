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
 * Reconnect pacing on real servers: busy threads and readiness waiters must not multiply attempts
 * (against a server refusing with "max number of clients reached" and against a closed port), and a
 * server that comes back after seconds is reconnected to within the short step, not the backoff.
 * Figures go to {@code target/reconnect-pacing*.txt}.
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
        int idle = attemptsAgainstAClosedPort(0);
        int waiting = attemptsAgainstAClosedPort(8);
        Files.writeString(Path.of("target", "reconnect-pacing-closed-port.txt"), String.format(
                "failed attempts in %d s against a closed port: idle %d, 8 threads at the readiness gate %d%n",
                WINDOW.toSeconds(), idle, waiting));
        // Unreached attempts run every 20-40 ms for the first 5 s whatever the traffic: at most 250, at least half that.
        assertThat(idle).isBetween(20, 260);
        assertThat(waiting).isLessThanOrEqualTo(2 * idle + 1);
    }

    @Test
    void aServerBackAfterAFewSecondsIsReconnectedToWithinTheShortStepNotTheBackoff() throws Exception {
        RedisServer server = RedisServer.plain();
        resources.add(server);
        server.start();
        RedisSettings settings = RedisSettings.builder().host(server.host()).port(server.port()).build();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = SharedRedis.builder(settings).listener(events::add).start();
        resources.add(redis);
        redis.awaitReady(Duration.ofSeconds(10));
        server.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);
        // Down for 3.5 s: the exponential backoff (10 ms .. 2 s) would be at 1-2 s between attempts by now.
        Thread.sleep(3500); // the length of the outage itself, not a wait for a condition
        server.restart();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> redis.state() == ConnectionState.CONNECTED);
        long millis = (System.nanoTime() - back) / 1_000_000;
        Files.writeString(Path.of("target", "reconnect-pacing-recovery.txt"),
                "reconnected " + millis + " ms after the server was back (down 3.5 s)\n");
        assertThat(millis).as("reconnect after the server came back, ms").isLessThan(600);
        assertThat(events).filteredOn(e -> e.type() == ConnectionEvent.Type.RECONNECT_FAILED)
                .extracting(e -> e.diagnosis().code()).containsOnly(DiagnosisCode.TCP_REFUSED);
    }

    private int attemptsAgainstAClosedPort(int waiterThreads) throws Exception {
        RedisServer server = RedisServer.plain();
        resources.add(server);
        server.start();
        RedisSettings settings = RedisSettings.builder().host(server.host()).port(server.port()).build();
        server.kill();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = SharedRedis.builder(settings).listener(events::add).start();
        resources.add(redis);
        long end = System.nanoTime() + WINDOW.toNanos();
        ExecutorService waiters = Executors.newFixedThreadPool(Math.max(1, waiterThreads));
        for (int t = 0; t < waiterThreads; t++) {
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
        if (waiterThreads == 0) {
            Thread.sleep(WINDOW.toMillis()); // the measurement window itself, not a wait for a condition
        }
        assertThat(waiters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        int attempts = failures(events);
        redis.close();
        return attempts;
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
