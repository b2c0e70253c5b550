package dev.tether.spring;

import com.jayway.jsonpath.JsonPath;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Data Redis traffic through the starter while redis-server is frozen (SIGSTOP) and resumed:
 * the same invariants as tether's chaos rows: 0 lost, 0 phantom, 0 misdelivered, 0 hung, every call
 * accounted for; "not sent" arrives as Spring's {@link RedisConnectionFailureException}. The actuator
 * shows it: readiness goes DOWN, tether's meters count the outage.
 */
class SpringDataOutageTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HUNG = COMMAND_TIMEOUT.plusSeconds(4);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void stringRedisTemplateTrafficThroughAFrozenServerLosesNothingAndAccountsForEveryCall() throws Exception {
        try (RedisServer server = RedisServer.plain().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.SERVLET).run(
                     "--server.port=0", "--redis.url=" + server.uri(), "--redis.command-timeout=1s", "--redis.connect-timeout=1s",
                     "--management.endpoints.web.exposure.include=health,metrics")) {
            SharedRedis redis = app.getBean(SharedRedis.class);
            redis.awaitReady(Duration.ofSeconds(30));
            StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);
            double outagesBefore = metric(base, "tether.redis.outages");

            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            Map<String, String> notSent = new ConcurrentHashMap<>();
            AtomicInteger unknown = new AtomicInteger();
            AtomicInteger misdelivered = new AtomicInteger();
            List<String> hung = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger readinessDown = new AtomicInteger();

            // The workers run until 1 s of traffic after the recovery, not for a fixed time (60 s at most, should the test fail)
            AtomicBoolean stop = new AtomicBoolean();
            long latest = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            ExecutorService workers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                running.add(workers.submit(() -> {
                    for (int n = 0; !stop.get() && System.nanoTime() < latest && n < 100_000; n++) {
                        String key = "w" + worker + "-" + n;
                        String value = "v" + worker + "-" + n;
                        long started = System.nanoTime();
                        Outcome set = call(() -> template.opsForValue().set(key, value));
                        if (System.nanoTime() - started > HUNG.toNanos()) {
                            hung.add("SET " + key);
                        }
                        switch (set.kind) {
                            case OK -> acknowledged.put(key, value);
                            case NOT_SENT -> notSent.put(key, value);
                            case UNKNOWN -> unknown.incrementAndGet();
                            case UNEXPECTED -> unexpected.add(set.error);
                        }
                        if (set.kind == Kind.OK) {
                            String[] read = new String[1];
                            Outcome get = call(() -> read[0] = template.opsForValue().get(key));
                            if (get.kind == Kind.OK && !value.equals(read[0])) {
                                misdelivered.incrementAndGet();
                            } else if (get.kind == Kind.UNEXPECTED) {
                                unexpected.add(get.error);
                            }
                        }
                        if (set.kind != Kind.OK) {
                            try {
                                Thread.sleep(20); // a failing client backs off a little, as real code would
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }));
            }

            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            server.freeze();
            await().atMost(Duration.ofSeconds(15)).until(() -> redis.state() != ConnectionState.CONNECTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                if (get(base + "/actuator/health/readiness").statusCode() == 503) {
                    readinessDown.incrementAndGet();
                }
                return readinessDown.get() > 0 && !notSent.isEmpty();
            });
            server.unfreeze();
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.state() == ConnectionState.CONNECTED);
            int ackedAtRecovery = acknowledged.size();
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() > ackedAtRecovery);
            stop.set(true);
            for (Future<?> worker : running) {
                worker.get(60, TimeUnit.SECONDS);
            }
            workers.shutdown();

            int lost = 0;
            for (var entry : acknowledged.entrySet()) {
                if (!entry.getValue().equals(server.command("GET", entry.getKey()))) {
                    lost++;
                }
            }
            int phantom = 0;
            for (String key : notSent.keySet()) {
                if (server.command("EXISTS", key).equals("1")) {
                    phantom++;
                }
            }
            System.out.printf("SpringDataOutageTest: %d acknowledged, %d not sent, %d outcome unknown; lost %d, phantom %d, misdelivered %d, hung %d%n",
                    acknowledged.size(), notSent.size(), unknown.get(), lost, phantom, misdelivered.get(), hung.size());
            assertThat(unexpected.stream().map(SpringDataOutageTest::causes).toList())
                    .as("calls that failed with something other than tether's outcomes").isEmpty();
            assertThat(lost).as("lost").isZero();
            assertThat(phantom).as("phantom").isZero();
            assertThat(misdelivered.get()).as("misdelivered").isZero();
            assertThat(hung).as("hung").isEmpty();
            assertThat(notSent).as("not sent during the outage").isNotEmpty();
            assertThat(acknowledged.size()).as("acknowledged").isGreaterThan(50);

            assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(base, "tether.redis.outages") > outagesBefore);
            assertThat(metricWithTags(base, "tether.redis.commands.failed", "outcome:not_sent")).isGreaterThanOrEqualTo(notSent.size());
            assertThat(metric(base, "tether.redis.outage.duration")).isGreaterThanOrEqualTo(1.0);
            assertThat(metricWithTags(base, "tether.redis.connection.state", "state:CONNECTED")).isEqualTo(1.0);
        }
    }

    enum Kind { OK, NOT_SENT, UNKNOWN, UNEXPECTED }

    record Outcome(Kind kind, Throwable error) {
    }

    private static Outcome call(Runnable command) {
        try {
            command.run();
            return new Outcome(Kind.OK, null);
        } catch (RedisConnectionFailureException e) {
            return has(e, RedisNotSentException.class) ? new Outcome(Kind.NOT_SENT, e) : new Outcome(Kind.UNEXPECTED, e);
        } catch (DataAccessException e) {
            return has(e, RedisOutcomeUnknownException.class) ? new Outcome(Kind.UNKNOWN, e) : new Outcome(Kind.UNEXPECTED, e);
        } catch (RuntimeException e) {
            return new Outcome(Kind.UNEXPECTED, e);
        }
    }

    private static String causes(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return chain.toString();
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private double metric(String base, String name) throws Exception {
        return metricWithTags(base, name, null);
    }

    /** The first measurement (COUNT for counters and timers, VALUE for gauges) of {@code /actuator/metrics/name}. */
    private double metricWithTags(String base, String name, String tag) throws Exception {
        HttpResponse<String> response = get(base + "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
        assertThat(response.statusCode()).as(name + " in /actuator/metrics").isEqualTo(200);
        Number value = JsonPath.read(response.body(), "$.measurements[0].value");
        return value.doubleValue();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
