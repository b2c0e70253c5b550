package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TransactionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, items 2, 4 (per-call timeout) and 7: transactions with correct sync semantics on
 * their own connection, dedicated connections that time out and release callers on close, and a
 * per-call timeout override.
 */
class TransactionsAndDedicatedTimeoutsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisServer server;
    private SharedRedis redis;

    @BeforeEach
    void start() {
        server = RedisServer.plain();
        toClose.add(server);
        server.start();
        redis = SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(TIMEOUT).build())
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).start();
        toClose.add(redis);
        redis.awaitReady(Duration.ofSeconds(30));   // a cold JVM on a loaded machine needs seconds for the first connect
    }

    @AfterEach
    void closeAll() throws Exception {
        if (server.isFrozen()) {
            server.unfreeze();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void transactionQueuesOnItsOwnConnectionAndSyncCommandsInsideMultiReturnAtOnce() {
        redis.sync().set("balance", "100");
        TransactionOutcome<String> outcome = redis.transaction(tx -> {
            tx.watch("balance");
            String before = tx.sync().get("balance");
            tx.multi();
            assertThat(tx.sync().decrby("balance", 30)).isNull();
            RedisFuture<Long> pushed = tx.async().rpush("log", "-30");
            assertThat(pushed.isDone()).isFalse();
            return before;
        });
        assertThat(outcome.committed()).isTrue();
        assertThat(outcome.value()).isEqualTo("100");
        assertThat(outcome.results()).containsExactly(70L, 1L);
        assertThat(server.command("GET", "balance")).isEqualTo("70");
        assertThat(redis.dedicatedCount()).isLessThanOrEqualTo(1);
    }

    @Test
    void aWatchedKeyChangedByAnotherClientAbortsAndTheRetryCommits() {
        redis.sync().set("seat", "free");
        AtomicInteger runs = new AtomicInteger();
        TransactionOutcome<Void> outcome = redis.transaction(3, tx -> {
            tx.watch("seat");
            tx.sync().get("seat");
            if (runs.incrementAndGet() == 1) {
                server.command("SET", "seat", "taken-by-other");   // another client, between WATCH and EXEC
            }
            tx.multi();
            tx.sync().set("seat", "mine");
            return null;
        });
        assertThat(outcome.committed()).isTrue();
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(server.command("GET", "seat")).isEqualTo("mine");

        TransactionOutcome<Void> once = redis.transaction(tx -> {
            tx.watch("seat");
            server.command("SET", "seat", "taken-again");
            tx.multi();
            tx.sync().set("seat", "mine-again");
            return null;
        });
        assertThat(once.aborted()).isTrue();
        assertThat(once.results()).isEmpty();
        assertThat(server.command("GET", "seat")).isEqualTo("taken-again");
    }

    @Test
    void aBodyThatThrowsIsDiscardedAndTransactionControlIsRefusedInsideIt() {
        assertThatThrownBy(() -> redis.transaction(tx -> {
            tx.multi();
            tx.sync().set("never", "1");
            throw new IllegalStateException("business rule");
        })).hasMessage("business rule");
        assertThat(server.command("EXISTS", "never")).isEqualTo("0");

        assertThatThrownBy(() -> redis.transaction(tx -> tx.sync().exec())).isInstanceOf(CommandRefusedException.class)
                .hasMessageContaining("tx.multi()");
        assertThatThrownBy(() -> redis.transaction(tx -> tx.sync().select(2))).isInstanceOf(CommandRefusedException.class);
        // the connection is clean for the next transaction
        assertThat(redis.transaction(tx -> {
            tx.multi();
            tx.sync().set("next", "1");
            return null;
        }).results()).containsExactly("OK");
    }

    @Test
    void syncMultiOnADedicatedConnectionDoesNotHangAndExecReturnsTheResults() {
        try (DedicatedConnection d = redis.dedicated()) {
            CompletableFuture<TransactionResult> run = CompletableFuture.supplyAsync(() -> {
                assertThat(d.sync().multi()).isEqualTo("OK");
                assertThat(d.sync().set("a", "1")).isNull();
                assertThat(d.sync().incr("n")).isNull();
                return d.sync().exec();
            });
            assertThat(run).succeedsWithin(Duration.ofSeconds(10)).satisfies(r -> assertThat(r.<Object>get(1)).isEqualTo(1L));
        }
        assertThat(server.command("GET", "a")).isEqualTo("1");
    }

    @Test
    void aTransactionWhoseConnectionIsLostIsNotContinuedOnTheNextConnection() {
        try (DedicatedConnection d = redis.dedicated()) {
            d.sync().multi();
            d.sync().set("half", "1");
            server.restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> d.state() == ConnectionState.CONNECTED
                    && server.clientCount() >= 2);
            assertThatThrownBy(() -> d.sync().set("other-half", "1")).isInstanceOf(RedisNotSentException.class)
                    .hasMessageContaining("transaction is gone");
            assertThatThrownBy(() -> d.sync().exec()).isInstanceOf(RedisNotSentException.class);
            assertThat(server.command("EXISTS", "half", "other-half")).isEqualTo("0");
            // after the failed EXEC the connection is usable again, outside any transaction
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> "OK".equals(d.sync().set("later", "1")));
        }
    }

    @Test
    void aDedicatedGetAgainstAFrozenServerTimesOutAfterTheCommandTimeout() {
        try (DedicatedConnection d = redis.dedicated()) {
            d.sync().ping();
            server.freeze();
            long start = System.nanoTime();
            assertThatThrownBy(() -> d.sync().get("k")).isInstanceOf(RedisOutcomeUnknownException.class)
                    .satisfies(e -> assertThat(((RedisOutcomeUnknownException) e).reason()).isEqualTo(RedisOutcomeUnknownException.Reason.TIMEOUT));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).isBetween(TIMEOUT.toMillis() - 50, 6_000L);
        }
    }

    @Test
    void aBlockingReadOnADedicatedConnectionWaitsItsBlockTimePlusTheCommandTimeout() {
        try (DedicatedConnection d = redis.dedicated()) {
            long start = System.nanoTime();
            assertThat(d.sync().blpop(2, "empty")).isNull();   // 2 s > the 1 s command timeout: not cut short
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1_900L);

            server.freeze();
            start = System.nanoTime();
            assertThatThrownBy(() -> d.sync().blpop(1, "empty")).isInstanceOf(RedisOutcomeUnknownException.class);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).isBetween(1_900L, 8_000L);
        }
    }

    @Test
    void closeReleasesACallerBlockedForever() throws Exception {
        DedicatedConnection d = redis.dedicated();
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> d.sync().blpop(0, "nothing-ever"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.command("CLIENT", "LIST").contains("cmd=blpop"));
        d.close();
        assertThat(blocked).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(RedisOutcomeUnknownException.class);
        assertThat(redis.dedicatedCount()).isZero();
    }

    @Test
    void withTimeoutLetsOneSlowScriptFinishWhileTheDefaultTimeoutStillApplies() {
        String slow = "local t0 = redis.call('TIME'); local start = t0[1] * 1000 + t0[2] / 1000; "
                + "while true do local t = redis.call('TIME'); if t[1] * 1000 + t[2] / 1000 - start > tonumber(ARGV[1]) then break end end; return 'done'";
        String result = redis.withTimeout(Duration.ofSeconds(6)).sync().eval(slow, io.lettuce.core.ScriptOutputType.STATUS, new String[0], "1500");
        assertThat(result).isEqualTo("done");
        assertThat(redis.state()).isEqualTo(ConnectionState.CONNECTED);

        assertThatThrownBy(() -> redis.sync().eval(slow, io.lettuce.core.ScriptOutputType.STATUS, new String[0], "1500"))
                .isInstanceOf(RedisOutcomeUnknownException.class);
        assertThatThrownBy(() -> redis.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pipelinedBatchesFlushTogetherWithoutStoppingOtherThreads() {
        List<Object> replies = redis.pipeline(batch -> {
            for (int i = 0; i < 100; i++) {
                batch.set("p:" + i, "v" + i);
            }
            batch.incr("p:0");   // WRONGTYPE-like error reply: not an integer
            batch.get("p:99");
        });
        assertThat(replies).hasSize(102);
        assertThat(replies.get(0)).isEqualTo("OK");
        assertThat(replies.get(100)).isInstanceOf(io.lettuce.core.RedisCommandExecutionException.class);
        assertThat(replies.get(101)).isEqualTo("v99");
        // the shared connection kept flushing meanwhile
        assertThat(redis.sync().get("p:50")).isEqualTo("v50");
        assertThatThrownBy(() -> redis.pipeline(batch -> batch.blpop(1, "q"))).isInstanceOf(CommandRefusedException.class);
    }
}
