package dev.tether.examples.worker;

import dev.tether.config.RedisSettings;
import dev.tether.examples.worker.WorkerPool.Outcome;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import dev.tether.testkit.proxy.FaultProxyBackend;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker against a real redis-server with the embedded Toxiproxy-compatible proxy in between. */
class WorkerPoolTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CLAIM_IDLE = Duration.ofMillis(1500);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> leftPending = new ConcurrentHashMap<>();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private RedisServer server;
    private FaultProxy proxy;
    private RedisCommands<String, String> direct;

    @BeforeEach
    void startRedisBehindAProxy() throws Exception {
        server = closeLater(RedisServer.plain().start());
        FaultProxies proxies = closeLater(FaultProxies.start(FaultProxyBackend.EMBEDDED));
        proxy = proxies.proxyTo(server.host(), server.port());
        RedisClient client = RedisClient.create("redis://" + server.host() + ":" + server.port());
        toClose.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        StatefulRedisConnection<String, String> connection = client.connect();
        direct = connection.sync(); // around the proxy: the test's view of the truth
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    private SharedRedis sharedRedis() {
        RedisSettings settings = RedisSettings.builder().host(proxy.clientHost()).port(proxy.clientPort()).commandTimeout(COMMAND_TIMEOUT).build();
        return closeLater(SharedRedis.builder(settings).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).listener(events::add).start());
    }

    private WorkerPool.Builder pool(SharedRedis redis, JobQueue queue, JobHandler handler) {
        return WorkerPool.builder(redis, queue, handler).workers(3).claimIdle(CLAIM_IDLE).block(Duration.ofMillis(200))
                .listener((job, outcome) -> {
                    if (outcome == Outcome.LEFT_PENDING) {
                        leftPending.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                    }
                });
    }

    private String countingHandler(Job job) {
        runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
        return "done:" + job.payload();
    }

    @Test
    void everyJobIsProcessedThroughAResetAndAStallWithDuplicatesOnlyWhereAnAttemptWasLeftPending() throws Exception {
        SharedRedis redis = sharedRedis();
        JobQueue queue = new JobQueue(redis, "jobs");
        WorkerPool pool = closeLater(pool(redis, queue, this::countingHandler).start());
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 1500 && !Thread.currentThread().isInterrupted(); i++) {
                Job job = new Job("job-" + i, "payload-" + i);
                queue.submit(job, Duration.ofSeconds(20)); // throws if never added: then the test fails on "submitted"
                submitted.add(job.id());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3)); // steady traffic without flooding two cores
            }
        }, "producer");
        producer.start();
        toClose.add(producer::interrupt);

        await().atMost(Duration.ofSeconds(20)).until(() -> pool.done() >= 200);
        var reset = proxy.proxy().toxics().resetPeer("reset", ToxicDirection.DOWNSTREAM, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> happened(ConnectionEvent.Type.DISCONNECTED));
        reset.remove();

        long before = pool.done();
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.done() >= before + 200);
        var stallDown = proxy.proxy().toxics().bandwidth("stall-down", ToxicDirection.DOWNSTREAM, 0);
        var stallUp = proxy.proxy().toxics().bandwidth("stall-up", ToxicDirection.UPSTREAM, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> happened(ConnectionEvent.Type.STALLED));
        stallDown.remove();
        stallUp.remove();

        producer.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(submitted).hasSize(1500);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(queue.unfinished(submitted)).as("jobs without a result").isEmpty();
            assertThat(direct.xpending("jobs", JobQueue.GROUP).getCount()).as("jobs not acknowledged").isZero();
        });

        Map<String, Long> entries = direct.xrange("jobs", io.lettuce.core.Range.create("-", "+")).stream()
                .collect(Collectors.groupingBy(m -> m.getBody().get("id"), Collectors.counting()));
        assertThat(entries.keySet()).isEqualTo(submitted);
        assertThat(runs.keySet()).isEqualTo(submitted);
        // The at-least-once rule: an extra run needs an extra stream entry or an attempt left pending.
        assertThat(runs).allSatisfy((id, n) -> assertThat(n.get()).as("runs of %s", id)
                .isLessThanOrEqualTo(entries.get(id).intValue() + leftPending.getOrDefault(id, new AtomicInteger()).get()));
        assertThat(submitted).allSatisfy(id -> assertThat(direct.get("{jobs}:result:" + id)).startsWith("done:payload-"));
        System.out.printf("worker chaos: %d jobs, %d runs, %d left pending, %d reclaimed, %d extra entries%n", submitted.size(),
                runs.values().stream().mapToInt(AtomicInteger::get).sum(), pool.leftPending(), pool.reclaimed(),
                entries.values().stream().mapToLong(n -> n - 1).sum());
    }

    @Test
    void jobsHeldByACrashedConsumerAreReclaimedAfterTheIdleTime() {
        SharedRedis redis = sharedRedis();
        redis.awaitReady(Duration.ofSeconds(10));
        JobQueue queue = new JobQueue(redis, "jobs");
        queue.createGroup();
        for (int i = 0; i < 5; i++) {
            queue.submit(new Job("orphan-" + i, "x"));
        }
        // A consumer that takes the jobs and dies without acknowledging them.
        List<StreamMessage<String, String>> taken = direct.xreadgroup(Consumer.from(JobQueue.GROUP, "crashed"), XReadArgs.StreamOffset.lastConsumed("jobs"));
        assertThat(taken).hasSize(5);

        WorkerPool pool = closeLater(pool(redis, queue, this::countingHandler).start());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(queue.unfinished(List.of("orphan-0", "orphan-1", "orphan-2", "orphan-3", "orphan-4"))).isEmpty();
            assertThat(queue.pendingCount()).isZero();
        });
        assertThat(pool.reclaimed()).isEqualTo(5);
        assertThat(runs).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void stopFinishesTheJobsAWorkerHoldsBeforeReturning() throws Exception {
        SharedRedis redis = sharedRedis();
        JobQueue queue = new JobQueue(redis, "jobs");
        CountDownLatch release = new CountDownLatch(1);
        WorkerPool pool = closeLater(pool(redis, queue, job -> {
            release.await(10, TimeUnit.SECONDS);
            return countingHandler(job);
        }).workers(1).start());
        for (int i = 0; i < 3; i++) {
            queue.submit(new Job("slow-" + i, "x"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.handled() >= 1);

        Thread stopper = new Thread(() -> pool.stop(Duration.ofSeconds(10)));
        stopper.start();
        release.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(15));

        assertThat(stopper.isAlive()).isFalse();
        assertThat(queue.unfinished(List.of("slow-0", "slow-1", "slow-2"))).isEmpty();
        assertThat(queue.pendingCount()).isZero();
        assertThat(redis.dedicatedCount()).isZero();
    }

    @Test
    void workersStartOnlyAfterTheReadinessGateOpens() throws Exception {
        proxy.proxy().disable();
        SharedRedis redis = sharedRedis();
        JobQueue queue = new JobQueue(redis, "jobs");
        List<WorkerPool> started = new CopyOnWriteArrayList<>();
        Thread starter = new Thread(() -> started.add(pool(redis, queue, this::countingHandler).start()));
        starter.start();
        toClose.add(() -> started.forEach(WorkerPool::close));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> started.isEmpty() && starter.isAlive());
        proxy.proxy().enable();

        await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 1);
        queue.submit(new Job("after-gate", "x"));
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.result("after-gate").isPresent());
    }

    private boolean happened(ConnectionEvent.Type type) {
        return events.stream().anyMatch(e -> e.type() == type);
    }
}
