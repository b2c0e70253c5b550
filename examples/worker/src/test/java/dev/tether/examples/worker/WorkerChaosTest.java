package dev.tether.examples.worker;

import dev.tether.config.RedisSettings;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.Managed;
import dev.tether.testkit.Testkit;
import dev.tether.testkit.chaos.ChaosRedis;
import dev.tether.testkit.chaos.Fault;
import dev.tether.testkit.chaos.Ledger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * The worker as a user's service: jobs submitted and processed through resets, an outage and a stall of a real
 * Redis behind a fault proxy; the chaos kit then checks that no acknowledged job lost its result, no job refused
 * as "not sent" was processed, every worker saw the payload of the job it took, and nothing hung.
 */
@Testkit
class WorkerChaosTest {
    @Managed
    static ChaosRedis redis = ChaosRedis.create();

    @Test
    void noAcknowledgedJobIsLostAndNothingHangsThroughResetsAnOutageAndAStall() {
        Ledger ledger = redis.ledger();
        Map<String, String> submitted = new ConcurrentHashMap<>();
        RedisSettings settings = RedisSettings.builder().host(redis.host()).port(redis.port())
                .commandTimeout(Duration.ofMillis(500)).build();
        try (SharedRedis shared = SharedRedis.builder(settings).start()) {
            shared.awaitReady(Duration.ofSeconds(20));
            JobQueue queue = new JobQueue(shared, "jobs");
            queue.createGroup();
            JobHandler handler = job -> {
                ledger.reply("payload of " + job.id(), "payload-" + job.id().substring("job-".length()), job.payload());
                return "done:" + job.payload();
            };
            try (WorkerPool pool = WorkerPool.builder(shared, queue, handler).workers(2)
                    .claimIdle(Duration.ofMillis(1500)).block(Duration.ofMillis(200)).start()) {
                // Stopped by a flag, not an interrupt: an interrupt inside a call would be an outcome of the
                // test's own making (the call's fate unknown), not of the faults.
                AtomicBoolean producing = new AtomicBoolean(true);
                Thread producer = new Thread(() -> produce(queue, ledger, submitted, producing), "producer");
                producer.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> pool.done() >= 100);

                redis.reset();
                redis.outage(Duration.ofSeconds(1));
                try (Fault stall = redis.stall()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500));
                }

                long before = pool.done();
                await().atMost(Duration.ofSeconds(20)).until(() -> pool.done() >= before + 100);
                producing.set(false);
                await().atMost(Duration.ofSeconds(10)).until(() -> !producer.isAlive());
                submitted.forEach((id, payload) -> ledger.acknowledged("{jobs}:result:" + id, "done:" + payload));
                await().atMost(Duration.ofSeconds(30)).until(() -> submitted.keySet().stream()
                        .allMatch(id -> redis.server().command("EXISTS", "{jobs}:result:" + id).equals("1")));
            }
        }
        redis.assertInvariants(ledger);
    }

    private static void produce(JobQueue queue, Ledger ledger, Map<String, String> submitted, AtomicBoolean producing) {
        for (int i = 0; producing.get(); i++) {
            Job job = new Job("job-" + i, "payload-" + i);
            try {
                ledger.call(() -> queue.submit(job));
                submitted.put(job.id(), job.payload());
            } catch (RedisNotSentException e) {
                ledger.notSent("{jobs}:result:" + job.id()); // never added: no worker may ever process it
            } catch (RedisOutcomeUnknownException e) {
                // maybe added, maybe not: neither promise applies
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
        }
    }
}
