package dev.tether.spring;

import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.chaos.ChaosRedis;
import dev.tether.testkit.chaos.Fault;
import dev.tether.testkit.chaos.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos suite's invariants for Spring Data Redis traffic through the starter: a Spring app with
 * only the starter, {@link StringRedisTemplate} workers (value, hash and list operations) against a
 * real redis-server behind a fault proxy ({@link ChaosRedis}), one fault per run. Every run must end
 * with 0 acknowledged writes lost, 0 writes applied although refused as "not sent" (Spring's
 * {@link RedisConnectionFailureException} caused by {@link RedisNotSentException}), 0 misdelivered
 * replies, 0 hung calls, and no failure other than tether's two outcomes. Writes
 * {@code target/chaos-report/spring-data.md}, one row per fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringDataChaosTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final int WORKERS = 4;

    enum ChaosFault {
        RESET("reset-peer") {
            @Override
            void inject(ChaosRedis redis) {
                redis.reset();
            }
        },
        OUTAGE("outage-1s") {
            @Override
            void inject(ChaosRedis redis) {
                redis.outage(Duration.ofSeconds(1));
            }
        },
        LATENCY("latency-300ms") {
            @Override
            void inject(ChaosRedis redis) throws Exception {
                try (Fault slow = redis.latency(Duration.ofMillis(300))) {
                    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
                }
            }
        },
        STALL("stall-3s") {
            @Override
            void inject(ChaosRedis redis) throws Exception {
                try (Fault frozen = redis.stall()) {
                    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
                }
            }
        };

        final String id;

        ChaosFault(String id) {
            this.id = id;
        }

        abstract void inject(ChaosRedis redis) throws Exception;
    }

    private final List<String> rows = new ArrayList<>();

    @BeforeAll
    void header() {
        rows.add("| fault | calls | acknowledged | not sent | outcome unknown | lost | phantom | misdelivered | hung | other failures |");
        rows.add("|---|---|---|---|---|---|---|---|---|---|");
    }

    @AfterAll
    void writeReport() throws IOException {
        Path dir = Path.of("target", "chaos-report");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spring-data.md"), "# Spring Data Redis through tether's starter, through the chaos faults\n\n"
                + WORKERS + " workers on one StringRedisTemplate (SET, GET, HSET, RPUSH/LINDEX); command timeout "
                + COMMAND_TIMEOUT.toMillis() + " ms.\n\n" + String.join("\n", rows) + "\n");
    }

    @ParameterizedTest(name = "Spring Data traffic through {0}")
    @EnumSource(ChaosFault.class)
    void springDataTrafficKeepsTetherInvariantsThroughTheFault(ChaosFault fault) throws Exception {
        try (ChaosRedis chaos = ChaosRedis.create().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE).run(
                     "--redis.url=" + chaos.uri(), "--redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms",
                     "--redis.connect-timeout=1s")) {
            SharedRedis redis = app.getBean(SharedRedis.class);
            redis.awaitReady(Duration.ofSeconds(30));
            StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
            Ledger ledger = chaos.ledger(COMMAND_TIMEOUT.plusSeconds(4));
            Workload workload = new Workload(template, ledger);

            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                running.add(pool.submit(() -> workload.run(fault.id + ":" + worker)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> workload.acknowledged.get() > 20);
            fault.inject(chaos);
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.state() == ConnectionState.CONNECTED);
            long afterRecovery = workload.acknowledged.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> workload.acknowledged.get() > afterRecovery + 20);
            workload.stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();

            List<String> lostCollections = workload.lostCollections(chaos);
            rows.add("| " + fault.id + " | " + workload.calls.get() + " | " + workload.acknowledged.get() + " | " + workload.notSent.get() + " | "
                    + workload.unknown.get() + " | " + invariantsCell(chaos, ledger, lostCollections.size()) + " | " + workload.unexpected.size() + " |");
            assertThat(workload.unexpected).as("failures other than tether's 'not sent' and 'outcome unknown'").isEmpty();
            assertThat(lostCollections).as("acknowledged hash and list writes lost").isEmpty();
            chaos.assertInvariants(ledger);
            if (fault == ChaosFault.OUTAGE) {
                assertThat(workload.notSent.get()).as("writes refused as not sent during a 1 s outage").isPositive();
            }
        }
    }

    /** "lost | 0 | 0 | 0" when the ledger's invariants hold, else the broken invariants' text in one cell. */
    private static String invariantsCell(ChaosRedis chaos, Ledger ledger, int lostCollections) {
        try {
            chaos.assertInvariants(ledger);
            return lostCollections + " | 0 | 0 | 0";
        } catch (AssertionError e) {
            return "broken: " + e.getMessage().replace('\n', ' ').replace("|", "/") + " (+" + lostCollections + " hash/list lost) | | |";
        }
    }

    /** One worker loop: unique keys per write, every reply checked, every failure classified. */
    private static final class Workload {
        private final StringRedisTemplate template;
        private final Ledger ledger;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong notSent = new AtomicLong();
        final AtomicLong unknown = new AtomicLong();
        final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.Map<String, String> ackedCollections = new java.util.concurrent.ConcurrentHashMap<>();

        Workload(StringRedisTemplate template, Ledger ledger) {
            this.template = template;
            this.ledger = ledger;
        }

        void run(String prefix) {
            for (long n = 0; !stop.get() && n < 1_000_000; n++) {
                String key = "sd:" + prefix + ":" + n;
                String value = "v" + n;
                boolean written = switch ((int) (n % 3)) {
                    case 0 -> write(key, value, () -> template.opsForValue().set(key, value),
                            () -> ledger.reply("GET " + key, value, template.opsForValue().get(key)));
                    case 1 -> write(key + ":h", value, () -> template.opsForHash().put(key + ":h", "f", value),
                            () -> ledger.reply("HGET " + key, value, template.opsForHash().get(key + ":h", "f")));
                    default -> write(key + ":l", value, () -> template.opsForList().rightPush(key + ":l", value),
                            () -> ledger.reply("LINDEX " + key, value, template.opsForList().index(key + ":l", 0)));
                };
                if (!written && !pause()) {
                    return;
                }
            }
        }

        /** Acknowledged hash fields and list elements missing from the server (read directly, not through the faults). */
        List<String> lostCollections(ChaosRedis chaos) {
            List<String> lost = new ArrayList<>();
            ackedCollections.forEach((key, value) -> {
                String actual = key.endsWith(":h") ? chaos.server().command("HGET", key, "f") : chaos.server().command("LINDEX", key, "0");
                if (!value.equals(actual)) {
                    lost.add(key + " holds " + actual + ", acknowledged " + value);
                }
            });
            return lost;
        }

        /** Runs one write (and, when acknowledged, its read-back); true when the write was acknowledged. */
        private boolean write(String key, String value, Runnable write, Runnable readBack) {
            Kind kind = classify(() -> ledger.run(write));
            switch (kind) {
                case OK -> {
                    acknowledged.incrementAndGet();
                    if (key.endsWith(":h") || key.endsWith(":l")) {
                        ackedCollections.put(key, value);   // the ledger checks string keys: these are checked by lostCollections
                    } else {
                        ledger.acknowledged(key, value);
                    }
                    classify(() -> ledger.run(readBack));
                }
                case NOT_SENT -> {
                    notSent.incrementAndGet();
                    ledger.notSent(key);
                }
                case UNKNOWN -> unknown.incrementAndGet();
                case OTHER -> { }
            }
            return kind == Kind.OK;
        }

        private Kind classify(Runnable call) {
            calls.incrementAndGet();
            try {
                call.run();
                return Kind.OK;
            } catch (RedisConnectionFailureException e) {
                if (has(e, RedisNotSentException.class)) {
                    return Kind.NOT_SENT;
                }
                unexpected.add(chain(e));
                return Kind.OTHER;
            } catch (DataAccessException e) {
                if (has(e, RedisOutcomeUnknownException.class)) {
                    return Kind.UNKNOWN;
                }
                unexpected.add(chain(e));
                return Kind.OTHER;
            } catch (RuntimeException e) {
                unexpected.add(chain(e));
                return Kind.OTHER;
            }
        }

        /** A failing client backs off a little, as real code would; false when interrupted. */
        private static boolean pause() {
            try {
                Thread.sleep(20);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    enum Kind { OK, NOT_SENT, UNKNOWN, OTHER }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String chain(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            s.append(s.isEmpty() ? "" : " <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return s.toString();
    }
}
