package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 9, item 3: subscriptions and client-side caching survive reconnects, with the gap reported and no stale entries. */
class PubSubAndClientSideCacheTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisServer server;
    private SharedRedis redis;

    @BeforeEach
    void start() {
        server = RedisServer.plain();
        toClose.add(server);
        server.start();
        redis = SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(Duration.ofSeconds(2)).build())
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).start();
        toClose.add(redis);
        redis.awaitReady(Duration.ofSeconds(30));   // a cold JVM on a loaded machine needs seconds for the first connect
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void subscriberResubscribesAfterEveryRestartAndReportsTheGap() {
        List<String> received = new CopyOnWriteArrayList<>();
        List<SubscriptionGap> gaps = new CopyOnWriteArrayList<>();
        PubSubConnection pubSub = redis.pubSub();
        toClose.add(pubSub);
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received.add(channel + ":" + message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
                received.add(pattern + ">" + channel + ":" + message);
            }
        });
        pubSub.onGap(gaps::add);
        pubSub.subscribe("orders");
        pubSub.psubscribe("audit.*");
        redis.sync().publish("orders", "1");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("orders:1"));

        for (int round = 1; round <= 2; round++) {
            server.restart();
            int expected = round;
            await().atMost(Duration.ofSeconds(20)).until(() -> gaps.size() == expected && pubSub.isConnected());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> redis.sync().publish("orders", "after-" + expected) == 1);
            redis.sync().publish("audit.login", "x" + expected);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("orders:after-" + expected)
                    && received.contains("audit.*>audit.login:x" + expected));
        }
        assertThat(gaps).allSatisfy(g -> {
            assertThat(g.channels()).containsExactly("orders");
            assertThat(g.patterns()).containsExactly("audit.*");
            assertThat(g.duration()).isPositive();
        });
    }

    @Test
    void cachedValuesAreInvalidatedByOtherClientsAndNeverServedStaleAfterARestart() {
        ClientSideCache cache = redis.clientSideCache();
        toClose.add(cache);
        redis.sync().set("price", "10");
        await().atMost(Duration.ofSeconds(5)).until(() -> "10".equals(cache.get("price")) && cache.size() == 1);

        server.command("SET", "price", "11");   // another client
        await().atMost(Duration.ofSeconds(5)).until(() -> "11".equals(cache.get("price")));

        server.kill();
        server.start();
        server.command("SET", "price", "12");
        List<String> seen = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String v = cache.get("price");
            seen.add(String.valueOf(v));
            return "12".equals(v);
        });
        assertThat(seen).doesNotContain("11", "10");
        // tracking is on again: a change after recovery is seen too
        server.command("SET", "price", "13");
        await().atMost(Duration.ofSeconds(5)).until(() -> "13".equals(cache.get("price")));
        assertThat(cache.size()).isEqualTo(1);
    }
}
