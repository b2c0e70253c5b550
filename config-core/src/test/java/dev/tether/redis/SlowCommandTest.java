package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The stall watchdog judges the connection's progress, not one slow command inside its timeout. */
class SlowCommandTest {
    /** Busy-waits on the server for ARGV[1] microseconds of wall time (TIME is read-only; nothing is written). */
    private static final String SPIN = "local t0 = redis.call('TIME') local s = tonumber(t0[1]) * 1000000 + tonumber(t0[2]) "
            + "while true do local t = redis.call('TIME') if tonumber(t[1]) * 1000000 + tonumber(t[2]) - s >= tonumber(ARGV[1]) then break end end "
            + "return 'done'";

    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aScriptRunningNinetyFivePercentOfTheTimeoutAndTheCommandsQueuedBehindItAllSucceed() throws Exception {
        RedisServer server = RedisServer.plain();
        resources.add(server);
        server.start();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port())
                .commandTimeout(Duration.ofSeconds(2)).build()).listener(events::add).start();
        resources.add(redis);
        redis.awaitReady(Duration.ofSeconds(10));

        CompletableFuture<Object> script = redis.async().eval(SPIN, ScriptOutputType.STATUS, new String[0], "1900000").toCompletableFuture();
        Thread.sleep(200); // let the script start before the SETs queue behind it
        List<CompletableFuture<String>> sets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sets.add(redis.async().set("behind-the-script:" + i, "v" + i).toCompletableFuture());
        }

        assertThat(script.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        for (CompletableFuture<String> set : sets) {
            assertThat(set.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
        }
        assertThat(events).extracting(ConnectionEvent::type).doesNotContain(ConnectionEvent.Type.STALLED, ConnectionEvent.Type.DISCONNECTED);
        assertThat(server.command("GET", "behind-the-script:4")).isEqualTo("v4");
    }

    @Test
    void commandsWrittenAfterAStalledOneFailOnlyAtTheirOwnDeadlineAndGetTheirReplyIfTheServerComesBack() throws Exception {
        RedisServer server = RedisServer.plain();
        resources.add(server);
        server.start();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        Duration timeout = Duration.ofSeconds(2);
        SharedRedis redis = SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(timeout).build())
                .stallTimeout(Duration.ofMillis(200)).listener(events::add).start();
        resources.add(redis);
        redis.awaitReady(Duration.ofSeconds(10));

        server.freeze();
        try {
            CompletableFuture<String> oldest = redis.async().set("stalled:oldest", "v").toCompletableFuture();
            Thread.sleep(1000); // the younger commands are written halfway through the oldest one's timeout
            long youngerSent = System.nanoTime();
            List<CompletableFuture<String>> younger = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                younger.add(redis.async().set("stalled:younger:" + i, "v" + i).toCompletableFuture());
            }
            List<Long> failedAfterMillis = new CopyOnWriteArrayList<>();
            younger.forEach(f -> f.whenComplete((v, e) -> {
                if (e != null) {
                    failedAfterMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - youngerSent));
                }
            }));

            // the oldest command passes its deadline unanswered: it fails, and the watchdog replaces the connection
            // (judged on the oldest command's own timeout, so the event may reach listeners just before its caller's failure)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> oldest.isCompletedExceptionally() && events.stream().anyMatch(e -> e.type() == ConnectionEvent.Type.STALLED));
            server.unfreeze();

            for (CompletableFuture<String> f : younger) {
                try {
                    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RedisOutcomeUnknownException.class);
                }
            }
            // none failed before its own timeout; on a machine that detected the stall in time, all were answered
            assertThat(failedAfterMillis).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(timeout.toMillis() - 20));
            assertThat(younger).allMatch(f -> !f.isCompletedExceptionally() || failedAfterMillis.size() == younger.size(),
                    "all answered, or (a machine too slow to see the stall before their deadline) all timed out at their deadline");
            for (int i = 0; i < younger.size(); i++) {
                if (!younger.get(i).isCompletedExceptionally()) {
                    assertThat(server.command("GET", "stalled:younger:" + i)).isEqualTo("v" + i);
                }
            }
        } finally {
            server.unfreeze();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "PONG".equals(redis.sync().ping()));
    }
}
