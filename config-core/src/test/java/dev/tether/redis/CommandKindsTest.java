package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.lettuce.core.TrackingArgs;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, items 1 and 3: every per-connection command is refused on the shared connection, on
 * every view, with nothing sent, and other threads' work is untouched.
 */
class CommandKindsTest {
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

    /** How often the server has run these commands in all (one INFO commandstats), to prove nothing was sent. */
    private long calls(String... commands) {
        String stats = server.command("INFO", "commandstats");
        long total = 0;
        for (String line : stats.split("\n")) {
            for (String command : commands) {
                if (line.startsWith("cmdstat_" + command + ":")) {
                    total += Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1").trim());
                }
            }
        }
        return total;
    }

    /** A command Lettuce's CommandType does not list. */
    private static io.lettuce.core.protocol.ProtocolKeyword keyword(String name) {
        return new io.lettuce.core.protocol.ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private void assertRefused(ThrowingCallable call, String command, String alternative) {
        assertThatThrownBy(call).isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining(command).hasMessageContaining("nothing was sent").hasMessageContaining(alternative)
                .satisfies(e -> assertThat(((CommandRefusedException) e).command()).isEqualTo(command));
    }

    @Test
    void transactionCommandsAreRefusedOnEverySharedViewAndNeverReachTheServer() {
        StatefulRedisConnection<String, String> c = redis.connection();
        assertRefused(() -> redis.sync().multi(), "MULTI", "SharedRedis.transaction");
        assertRefused(() -> redis.async().multi(), "MULTI", "SharedRedis.transaction");
        assertRefused(() -> redis.reactive().multi(), "MULTI", "SharedRedis.transaction");
        assertRefused(() -> c.sync().exec(), "EXEC", "SharedRedis.transaction");
        assertRefused(() -> c.async().discard(), "DISCARD", "SharedRedis.transaction");
        assertRefused(() -> redis.sync().watch("k"), "WATCH", "SharedRedis.transaction");
        assertRefused(() -> redis.sync().unwatch(), "UNWATCH", "SharedRedis.transaction");
        assertRefused(() -> redis.sync().dispatch(CommandType.MULTI, new StatusOutput<>(StringCodec.UTF8)), "MULTI", "SharedRedis.transaction");
        assertRefused(() -> c.dispatch(new io.lettuce.core.protocol.Command<>(CommandType.MULTI, new StatusOutput<>(StringCodec.UTF8))),
                "MULTI", "SharedRedis.transaction");

        assertThat(calls("multi", "exec", "discard", "watch", "unwatch")).isZero();
        assertThat(c.isMulti()).isFalse();
        assertThat(redis.sync().set("after", "1")).isEqualTo("OK");
        assertThat(server.command("GET", "after")).isEqualTo("1");
    }

    @Test
    void anotherThreadsWriteDuringATransactionIsAppliedAtOnceAndNotSwallowedByIt() throws Exception {
        var inMulti = new java.util.concurrent.CountDownLatch(1);
        var written = new java.util.concurrent.CountDownLatch(1);
        var txThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var outcome = txThread.submit(() -> redis.transaction(tx -> {
                tx.watch("stock");
                tx.multi();
                tx.sync().decr("stock");
                inMulti.countDown();
                try {
                    written.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(inMulti.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // thread B, on the shared connection, while A is inside MULTI
            assertThat(redis.sync().set("order:42", "paid")).isEqualTo("OK");
            assertThat(server.command("GET", "order:42")).isEqualTo("paid");
            written.countDown();

            TransactionOutcome<Object> result = outcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.committed()).isTrue();
            assertThat(result.results()).containsExactly(-1L);
        } finally {
            txThread.shutdownNow();
        }
        assertThat(server.command("GET", "stock")).isEqualTo("-1");
        assertThat(server.command("GET", "order:42")).isEqualTo("paid");
    }

    @Test
    void selectIsRefusedAndOtherThreadsKeepWritingToTheConfiguredDatabase() {
        assertRefused(() -> redis.sync().select(5), "SELECT", "REDIS_URL");
        assertRefused(() -> redis.async().select(5), "SELECT", "REDIS_URL");
        assertRefused(() -> redis.reactive().select(5), "SELECT", "REDIS_URL");
        assertRefused(() -> redis.sync().dispatch(CommandType.SELECT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add(5)), "SELECT", "REDIS_URL");
        redis.sync().set("where", "db0");
        assertThat(server.command("GET", "where")).isEqualTo("db0");
        assertThat(server.command("SELECT", "5")).isEqualTo("OK");
        assertThat(calls("select")).isZero();
    }

    @Test
    void autoFlushAndListenersAreRefusedSoOtherThreadsKeepGettingReplies() {
        StatefulRedisConnection<String, String> c = redis.connection();
        assertRefused(() -> c.setAutoFlushCommands(false), "setAutoFlushCommands", "SharedRedis.pipeline");
        assertRefused(() -> c.addListener((PushListener) message -> { }), "addListener", "SharedRedis.addListener");
        redis.sync().set("k", "v");
        assertThat(redis.async().get("k").toCompletableFuture()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("v");
    }

    @Test
    void clientStateAuthSessionAndSubscriptionCommandsAreRefusedWithTheirAlternative() {
        // the handshake (HELLO, CLIENT SETINFO) counts too: compare before and after
        long before = calls("client", "auth", "hello", "quit", "subscribe", "psubscribe");
        assertRefused(() -> redis.sync().clientTracking(TrackingArgs.Builder.enabled()), "CLIENT TRACKING", "SharedRedis.clientSideCache");
        assertRefused(() -> ClientSideCaching.enable(io.lettuce.core.support.caching.CacheAccessor.forMap(new ConcurrentHashMap<String, String>()),
                redis.connection(), TrackingArgs.Builder.enabled()), "CLIENT TRACKING", "SharedRedis.clientSideCache");
        assertRefused(() -> redis.sync().clientSetname("other"), "CLIENT SETNAME", "REDIS_CLIENT_NAME");
        assertRefused(() -> redis.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("REPLY").add("OFF")), "CLIENT REPLY", "supervised connection");
        assertRefused(() -> redis.sync().auth("secret"), "AUTH", "REDIS_PASSWORD");
        assertRefused(() -> redis.sync().dispatch(CommandType.HELLO, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add(3)), "HELLO", "REDIS_PASSWORD");
        assertRefused(() -> redis.sync().quit(), "QUIT", "SharedRedis.close()");
        assertRefused(() -> redis.sync().dispatch(keyword("RESET"), new StatusOutput<>(StringCodec.UTF8)), "RESET", "SharedRedis.close()");
        assertRefused(() -> redis.sync().dispatch(CommandType.MONITOR, new StatusOutput<>(StringCodec.UTF8)), "MONITOR", "redis-cli");
        assertRefused(() -> redis.sync().dispatch(CommandType.SUBSCRIBE, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey("news")), "SUBSCRIBE", "SharedRedis.pubSub");
        assertRefused(() -> redis.reactive().dispatch(CommandType.PSUBSCRIBE, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey("n*")), "PSUBSCRIBE", "SharedRedis.pubSub");
        assertThat(redis.sync().publish("news", "fine here")).isZero();
        assertThat(calls("client", "auth", "hello", "quit", "subscribe", "psubscribe")).isEqualTo(before);
        assertThat(redis.sync().ping()).isEqualTo("PONG");
    }

    @Test
    void blockingCommandsAreRefusedOnTheSharedConnectionButNonBlockingReadsPass() {
        assertRefused(() -> redis.sync().blpop(0, "jobs"), "BLPOP", "SharedRedis.dedicated()");
        assertRefused(() -> redis.async().brpop(1, "jobs"), "BRPOP", "SharedRedis.dedicated()");
        assertRefused(() -> redis.reactive().bzpopmin(1, "z"), "BZPOPMIN", "SharedRedis.dedicated()");
        assertRefused(() -> redis.sync().blmove("a", "b", io.lettuce.core.LMoveArgs.Builder.leftRight(), 1), "BLMOVE", "SharedRedis.dedicated()");
        assertRefused(() -> redis.sync().waitForReplication(1, 100), "WAIT", "SharedRedis.dedicated()");
        assertRefused(() -> redis.sync().xread(XReadArgs.Builder.block(Duration.ofSeconds(1)), XReadArgs.StreamOffset.latest("s")),
                "XREAD", "SharedRedis.dedicated()");
        assertRefused(() -> redis.sync().dispatch(CommandType.XREADGROUP, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("GROUP").add("g").add("c").add("BLOCK").add(0).add("STREAMS").addKey("s").add(">")),
                "XREADGROUP", "SharedRedis.dedicated()");
        assertRefused(() -> redis.sync().dispatch(keyword("WAITAOF"), new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add(1).add(0).add(100)), "WAITAOF", "SharedRedis.dedicated()");

        redis.sync().xadd("s", "f", "v");
        assertThat(redis.sync().xread(XReadArgs.Builder.count(10), XReadArgs.StreamOffset.from("s", "0"))).hasSize(1);
        assertThat(calls("blpop", "brpop", "bzpopmin", "blmove", "wait")).isZero();
    }

    @Test
    void reactiveViewTakenOnceKeepsWorkingAfterReconnects() {
        var reactive = redis.connection().reactive();
        assertThat(reactive.set("r", "1").block(Duration.ofSeconds(5))).isEqualTo("OK");
        for (int i = 0; i < 2; i++) {
            server.restart();
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> "PONG".equals(reactive.ping().block(Duration.ofSeconds(3))));
        }
        assertThat(reactive.set("r", "2").block(Duration.ofSeconds(5))).isEqualTo("OK");
        assertThat(server.command("GET", "r")).isEqualTo("2");
    }

    @Test
    void reactiveCommandsFailAsNotSentWhileDownAndTimeOutLikeSync() {
        server.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);
        assertThatThrownBy(() -> redis.reactive().get("k").block(Duration.ofSeconds(5))).isInstanceOf(RedisNotSentException.class);
    }
}
