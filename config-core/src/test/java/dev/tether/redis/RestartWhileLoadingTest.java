package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisBinary;
import dev.tether.testkit.RedisReplyException;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A SIGKILLed server restarted with a large dataset accepts connections (and the handshake) while it
 * loads, and answers every command {@code -LOADING}. tether waits the loading out before it declares
 * the connection back: callers meanwhile get "not sent", never a raw {@code LOADING} error.
 */
class RestartWhileLoadingTest {
    private static final Logger LOG = LoggerFactory.getLogger(RestartWhileLoadingTest.class);
    @RegisterExtension
    final TestResources resources = new TestResources();

    /**
     * 1200 keys of 50 kB loaded at 2.5 ms a key: about 3 s of LOADING. Uncompressed, so Redis answers
     * clients between its loading slices (every 2 MB read, here every 40 keys: 100 ms), and a handshake
     * gets through while it loads, as with a real large dataset.
     */
    private RedisServer serverWithALargeDataset() {
        RedisServer.Builder builder = RedisServer.builder().config("key-load-delay 2500", "rdbcompression no");
        if (Integer.parseInt(RedisBinary.resolve().version().split("\\.")[0]) >= 7) {
            builder.config("enable-debug-command yes"); // DEBUG is off by default since Redis 7
        }
        RedisServer server = resources.add(builder.build());
        server.start();
        server.command("DEBUG", "POPULATE", "1200", "key", "50000");
        server.command("SAVE");
        return server;
    }

    @Test
    void commandsDuringLoadingAreNotSentAndTheConnectionIsBackOnlyOnceLoaded() throws Exception {
        RedisServer server = serverWithALargeDataset();
        // a command timeout below the loading time: one connect attempt's wait runs out and the next one waits again
        SharedRedis redis = resources.add(SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port())
                .commandTimeout(Duration.ofSeconds(2)).build()).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).start());
        redis.awaitReady(Duration.ofSeconds(30));
        assertThat(redis.sync().dbsize()).isEqualTo(1200);

        // each time tether declares the connection back, ask the server (on an admin connection) whether it is still loading
        List<String> serverWhenRecovered = new CopyOnWriteArrayList<>();
        redis.addListener(event -> {
            if (event.type() == ConnectionEvent.Type.RECOVERED) {
                try {
                    serverWhenRecovered.add(server.command("PING"));
                } catch (RedisReplyException e) {
                    serverWhenRecovered.add(e.code());
                }
            }
        });
        Map<String, Long> failures = new ConcurrentHashMap<>();
        List<String> rawErrors = new CopyOnWriteArrayList<>();
        AtomicLong firstOkAfterRestart = new AtomicLong();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            long n = 0;
            while (!stop.get()) {
                try {
                    redis.sync().set("probe", Long.toString(n++));
                    if (restarted.get()) {
                        firstOkAfterRestart.compareAndSet(0, System.nanoTime());
                    }
                } catch (RedisNotSentException | RedisOutcomeUnknownException e) {
                    failures.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                } catch (RuntimeException e) {
                    rawErrors.add(e.toString());
                }
                Thread.onSpinWait();
            }
        }, "loading-test-writer");
        worker.start();
        resources.add(() -> {
            stop.set(true);
            worker.join(5000);
        });

        server.kill();
        long restartAt = System.nanoTime();
        restarted.set(true);
        server.restartWithoutWaiting();
        // the server really is loading: its own admin connection is told so
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    try {
                        server.command("PING");
                        return false;
                    } catch (RedisReplyException e) {
                        return e.code().equals("LOADING");
                    }
                });
        await().atMost(Duration.ofSeconds(40)).until(() -> firstOkAfterRestart.get() != 0);
        // by the first success the server had finished loading: all 1200 keys (and the probe) are there
        assertThat(Long.parseLong(server.command("DBSIZE"))).isGreaterThanOrEqualTo(1200);
        stop.set(true);
        worker.join(5000);

        LOG.info("FIGURE restart while loading: first write {} ms after the restart; callers got {} meanwhile, raw errors {}",
                (firstOkAfterRestart.get() - restartAt) / 1_000_000, failures, rawErrors.size());
        assertThat(rawErrors).as("callers never see a raw LOADING (or any untyped) error").isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> !serverWhenRecovered.isEmpty());
        assertThat(serverWhenRecovered).as("the server's answer each time tether declared the connection back").containsOnly("PONG");
        assertThat(failures.keySet()).contains("RedisNotSentException");
        assertThat(redis.state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
