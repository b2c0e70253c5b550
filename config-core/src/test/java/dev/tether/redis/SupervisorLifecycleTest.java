package dev.tether.redis;

import ch.qos.logback.classic.Level;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Start, close and the races between them and the connection's own life. */
class SupervisorLifecycleTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    private RedisServer server() {
        return resources.start(RedisServer.plain());
    }

    private static RedisSettings.Builder settingsFor(RedisServer server) {
        return RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(Duration.ofSeconds(2));
    }

    @Test
    void noListenerHearsAnythingAfterCloseEvenWhileReconnectAttemptsAreRunning() throws Exception {
        RedisServer server = server();
        RedisSettings settings = settingsFor(server).build();
        server.kill();
        try (LogCapture logs = new LogCapture()) {
            for (int round = 0; round < 15; round++) {
                List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
                SharedRedis redis = SharedRedis.builder(settings).listener(events::add).reconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).start();
                int seen = 2 + round % 5;
                await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= seen);
                redis.close();
                int atClose = events.size();
                Thread.sleep(30); // attempts that were in flight at close() have completed by now
                assertThat(events).hasSize(atClose);
                assertThat(events.get(events.size() - 1).type()).isEqualTo(ConnectionEvent.Type.CLOSED);
                assertThat(events).filteredOn(e -> e.type() == ConnectionEvent.Type.CLOSED).hasSize(1);
            }
            assertThat(logs.atLeast(Level.ERROR)).isEmpty();
            assertThat(logs.text()).doesNotContain("RejectedExecutionException");
        }
    }

    @Test
    void closingRightAfterStartLeavesNoConnectionOpenOnTheServer() {
        RedisServer server = server();
        for (int round = 0; round < 20; round++) {
            SharedRedis redis = SharedRedis.builder(settingsFor(server).build()).start();
            if (round % 2 == 0) {
                redis.awaitReady(Duration.ofSeconds(10));
                redis.dedicated().close();
            }
            redis.close();
            assertThat(redis.state()).isEqualTo(ConnectionState.CLOSED);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.clientCount() == 0);
    }

    @Test
    void aCommandWaitingForTheConnectionGetsItAsSoonAsItIsBack() throws Exception {
        RedisServer server = server();
        SharedRedis redis = SharedRedis.builder(settingsFor(server).build()).disconnectedWait(Duration.ofSeconds(20))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).start();
        resources.add(redis);
        redis.awaitReady(Duration.ofSeconds(10));
        server.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.RECONNECTING);

        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> redis.sync().set("waited", "1"));
        server.start();
        long restarted = System.nanoTime();
        assertThat(waiting.get(15, TimeUnit.SECONDS)).isEqualTo("OK");
        // Backoff capped at 200 ms: the waiter gets the connection within a few hundred ms, not its 20 s wait.
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void dedicatedConnectionsSayWhichTheyAreWhenTheyConnect() {
        RedisServer server = server();
        try (LogCapture logs = new LogCapture()) {
                SharedRedis redis = SharedRedis.builder(settingsFor(server).build()).start();
                resources.add(redis);
                redis.awaitReady(Duration.ofSeconds(10));
                redis.dedicated().close();
                try (DedicatedConnection second = redis.dedicated()) {
                    assertThat(second.sync().ping()).isEqualTo("PONG");
                }
                assertThat(logs.atLeast(Level.INFO)).extracting(e -> e.getFormattedMessage()).filteredOn(m -> m.startsWith("Connected to Redis"))
                        .hasSize(3).anySatisfy(m -> assertThat(m).contains("shared connection"))
                        .anySatisfy(m -> assertThat(m).contains("dedicated connection #1"))
                        .anySatisfy(m -> assertThat(m).contains("dedicated connection #2"));
            }
        }

        @Test
        void closingWhileRedisIsUnreachableLogsNoErrorsAndNoRejectedTasks() throws Exception {
            // A port that accepts and never answers: connect attempts hang in the handshake when close() comes.
            try (ServerSocket silent = new ServerSocket(0); LogCapture logs = new LogCapture()) {
                List<Socket> accepted = new CopyOnWriteArrayList<>();
                Thread acceptor = new Thread(() -> {
                    try {
                        while (true) {
                            accepted.add(silent.accept());
                        }
                    } catch (IOException closed) {
                        // done
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                for (int round = 0; round < 5; round++) {
                    SharedRedis redis = SharedRedis.builder(RedisSettings.builder().host("127.0.0.1").port(silent.getLocalPort())
                            .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(300)).build())
                            .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).start();
                    await().atMost(Duration.ofSeconds(5)).until(() -> !accepted.isEmpty());
                    redis.close();
                }
                Thread.sleep(200); // late notifications, if any, would be logged by now
                for (Socket s : accepted) {
                    s.close();
                }
                assertThat(logs.atLeast(Level.ERROR)).isEmpty();
                assertThat(logs.text()).doesNotContain("RejectedExecutionException");
        }
    }
}
