package dev.tether.redis;

import ch.qos.logback.classic.Level;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SharedRedisTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RedisServer server(RedisServer server) {
        toClose.add(server);
        return server.start();
    }

    private static RedisSettings.Builder settingsFor(RedisServer server) {
        return RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(Duration.ofSeconds(2));
    }

    private SharedRedis redis(SharedRedis.Builder builder) {
        SharedRedis redis = builder.start();
        toClose.add(redis);
        return redis;
    }

    /** Start-up cost: generating a proxy class for RedisCommands' hundreds of methods takes tens of ms in a fresh JVM. */
    @Test
    void theSyncViewReusesTheProxyClassOfLettucesOwnSyncViewAndTheOtherViewsAreMadeOnFirstUse() {
        RedisServer server = server(RedisServer.plain());
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).build()));
        redis.awaitReady(Duration.ofSeconds(10));
        io.lettuce.core.RedisClient raw = io.lettuce.core.RedisClient.create(server.uri());
        toClose.add(raw::shutdown);

        try (StatefulRedisConnection<String, String> lettuce = raw.connect()) {
            assertThat(redis.sync().getClass()).isSameAs(lettuce.sync().getClass());
        }
        assertThat(redis.sync().ping()).isEqualTo("PONG");
        assertThat(redis.sync()).isSameAs(redis.sync());
        assertThat(redis.connection().sync()).isSameAs(redis.sync());
        assertThat(redis.connection().async()).isSameAs(redis.async());
    }

    @Test
    void fiftyThreadsAndFiveQueuesShareExactlyOneServerConnection() throws Exception {
        RedisServer server = server(RedisServer.plain());
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).build()));
        redis.awaitReady(Duration.ofSeconds(10));

        List<StatefulRedisConnection<String, String>> queues = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queues.add(redis.connection());
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        queues.get(id % 5).sync().set("k:" + id + ":" + i, "v" + id + ":" + i);
                    }
                    return redis.sync().get("k:" + id + ":19");
                }));
            }
            for (int t = 0; t < 50; t++) {
                assertThat(results.get(t).get(30, TimeUnit.SECONDS)).isEqualTo("v" + t + ":19");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(queues).allSatisfy(c -> assertThat(c).isSameAs(redis.connection()));
        assertThat(server.clientCount()).isEqualTo(1);
        try (DedicatedConnection blocking = redis.dedicated()) {
            assertThat(blocking.sync().blpop(1, "empty-list")).isNull();
            assertThat(redis.dedicatedCount()).isEqualTo(1);
            assertThat(server.clientCount()).isEqualTo(2);
        }
        assertThat(redis.dedicatedCount()).isZero();
    }

    @Test
    void dedicatedConnectionsAreBounded() {
        RedisServer server = server(RedisServer.plain());
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).build()).maxDedicatedConnections(1));
        redis.awaitReady(Duration.ofSeconds(10));

        try (DedicatedConnection first = redis.dedicated()) {
            assertThatThrownBy(redis::dedicated).isInstanceOf(IllegalStateException.class).hasMessageContaining("maxDedicatedConnections");
        }
        redis.dedicated().close();
    }

    @Test
    void aDedicatedConnectionThatCannotConnectGivesItsSlotBack() {
        RedisServer server = server(RedisServer.plain());
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).connectTimeout(Duration.ofMillis(500)).build())
                .maxDedicatedConnections(2));
        redis.awaitReady(Duration.ofSeconds(10));
        server.kill();

        // max + 1 attempts: each one must fail as "unavailable", none as "all slots in use"
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(redis::dedicated).isInstanceOf(RedisUnavailableException.class);
            assertThat(redis.dedicatedCount()).isZero();
        }

        server.restart();
        try (DedicatedConnection first = redis.dedicated(); DedicatedConnection second = redis.dedicated()) {
            assertThat(first.sync().ping()).isEqualTo("PONG");
            assertThat(second.sync().ping()).isEqualTo("PONG");
            assertThat(redis.dedicatedCount()).isEqualTo(2);
        }
    }

    @Test
    void commandsFailFastAsNotSentWhileTheServerIsDownThenRecoverAfterRestart() {
        RedisServer server = server(RedisServer.plain());
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).build()).listener(events::add)
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)));
        redis.awaitReady(Duration.ofSeconds(10));
        redis.sync().set("before", "1");

        server.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.RECONNECTING);
        assertThatThrownBy(() -> redis.sync().set("during", "1")).isInstanceOf(RedisNotSentException.class)
                .hasMessageContaining("nothing was written");
        assertThat(redis.async().set("during-async", "1").toCompletableFuture()).failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class).havingCause().isInstanceOf(RedisNotSentException.class);

        server.start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(redis.sync().ping()));

        assertThat(events).extracting(ConnectionEvent::type).contains(ConnectionEvent.Type.CONNECTED, ConnectionEvent.Type.DISCONNECTED,
                ConnectionEvent.Type.RECOVERED);
        assertThat(redis.sync().exists("during", "during-async")).isZero();
    }

    @Test
    void stallWatchdogReplacesTheConnectionOfAFrozenServer() {
        RedisServer server = server(RedisServer.plain());
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).commandTimeout(Duration.ofMillis(500)).build()).listener(events::add));
        redis.awaitReady(Duration.ofSeconds(10));

        server.freeze();
        try {
            assertThatThrownBy(() -> redis.sync().set("frozen", "1")).isInstanceOf(RedisOutcomeUnknownException.class);
            await().atMost(Duration.ofSeconds(3)).until(() -> events.stream().anyMatch(e -> e.type() == ConnectionEvent.Type.STALLED));
            assertThat(events).filteredOn(e -> e.type() == ConnectionEvent.Type.STALLED).first()
                    .satisfies(e -> assertThat(e.diagnosis().code()).isEqualTo(DiagnosisCode.SERVER_UNRESPONSIVE));
        } finally {
            server.unfreeze();
        }
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(redis.sync().ping()));
    }

    @Test
    void readinessGateHoldsWhileTheServerIsDownAndOpensWhenItComesUp() {
        RedisServer server = server(RedisServer.plain());
        RedisSettings settings = settingsFor(server).build();
        server.kill();
        SharedRedis redis = redis(SharedRedis.builder(settings).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));

        assertThatThrownBy(() -> redis.awaitReady(Duration.ofMillis(300))).isInstanceOf(RedisUnavailableException.class)
                .satisfies(e -> assertThat(((RedisUnavailableException) e).diagnosis().code()).isEqualTo(DiagnosisCode.TCP_REFUSED));
        assertThat(redis.ready()).isNotDone();

        server.start();
        redis.awaitReady(Duration.ofSeconds(10));
        assertThat(redis.ready()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(redis.sync().ping()).isEqualTo("PONG");
    }

    @Test
    void aReadyCallbackMayRunABlockingCommand() {
        RedisServer server = server(RedisServer.plain());
        RedisSettings settings = settingsFor(server).build();
        server.kill();
        SharedRedis redis = redis(SharedRedis.builder(settings).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
        // taken before the gate opens: the callback runs when it opens, and must not run on the event loop
        // that has to read the reply of its own blocking command
        CompletableFuture<String> fromCallback = redis.ready().thenApply(ready -> redis.sync().ping());

        server.start();

        assertThat(fromCallback).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("PONG");
        // taken after it opened: already complete, the callback runs on the caller's thread
        assertThat(redis.ready().thenApply(ready -> redis.sync().echo("late"))).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("late");
    }

    @Test
    void exhaustedBootstrapBudgetFailsTheGateWithTheDiagnosis() {
        RedisServer server = server(RedisServer.plain());
        RedisSettings settings = settingsFor(server).build();
        server.kill();
        SharedRedis redis = redis(SharedRedis.builder(settings).bootstrapBudget(Duration.ofMillis(300)));

        assertThat(redis.ready()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(RedisUnavailableException.class).withMessageContaining("TCP_REFUSED");
        assertThat(redis.state()).isEqualTo(ConnectionState.UNAVAILABLE);
    }

    @Test
    void rotatedPasswordIsReReadFromTheSourceAfterWrongpass() {
        String oldPassword = "canary-old-pw-5521";
        String newPassword = "canary-new-pw-9917";
        RedisServer server = server(RedisServer.withPassword(oldPassword));
        java.util.concurrent.atomic.AtomicReference<String> source = new java.util.concurrent.atomic.AtomicReference<>(oldPassword);
        RedisSettings base = settingsFor(server).password(Secret.of(oldPassword)).build();
        try (LogCapture logs = new LogCapture()) {
            SharedRedis redis = redis(SharedRedis.builder(base).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
                    .credentialsSource(() -> base.toBuilder().password(Secret.of(source.get())).build()));
            redis.awaitReady(Duration.ofSeconds(10));

            server.setPassword(newPassword);
            source.set(newPassword);
            server.command("CLIENT", "KILL", "TYPE", "normal");

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(redis.sync().ping()));
            assertThat(logs.text()).doesNotContain(oldPassword).doesNotContain(newPassword);
        }
    }

    @Test
    void anOutageLogsOneWarnAndOneRecoveryLineWithoutStackTraces() {
        RedisServer server = server(RedisServer.withPassword("canary-pw-3301"));
        try (LogCapture logs = new LogCapture()) {
            SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).password(Secret.of("canary-pw-3301")).build())
                    .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)));
            redis.awaitReady(Duration.ofSeconds(10));

            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.RECONNECTING);
            for (int i = 0; i < 50; i++) {
                try {
                    redis.sync().ping();
                } catch (RedisNotSentException expected) {
                    // fail fast while down
                }
            }
            server.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.state() == ConnectionState.CONNECTED);

            List<String> warnings = logs.atLeast(Level.WARN).stream().map(e -> e.getFormattedMessage()).toList();
            assertThat(warnings).hasSize(1).first().asString().contains("lost").contains("reconnecting");
            assertThat(logs.atLeast(Level.WARN)).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
            assertThat(logs.events()).filteredOn(e -> e.getFormattedMessage().contains("recovered after")).hasSize(1);
            assertThat(logs.text()).doesNotContain("canary-pw-3301");
        }
    }

    @Test
    void redisErrorsPassThroughUnchanged() {
        RedisServer server = server(RedisServer.plain());
        SharedRedis redis = redis(SharedRedis.builder(settingsFor(server).build()));
        redis.awaitReady(Duration.ofSeconds(10));
        redis.sync().set("string", "x");

        assertThatThrownBy(() -> redis.sync().lpush("string", "y")).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageContaining("WRONGTYPE");
        assertThat(redis.sync().get("string")).isEqualTo("x");
    }
}
