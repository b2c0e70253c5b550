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
}
