package dev.tether.cli.demo.queue;

import dev.tether.cli.demo.queue.WorkerPool.Outcome;
import dev.tether.redis.DedicatedConnection;
import dev.tether.redis.RedisNotSentException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.ClaimedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** One worker thread: reclaim idle jobs now and then, read new ones (blocking, on its own connection), process. */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final WorkerPool pool;
    private final String consumer;
    private final long commandTimeoutNanos;
    private volatile DedicatedConnection connection;
    private String claimCursor = "0-0";
    private long nextClaimAt = System.nanoTime();

    Worker(WorkerPool pool, String consumer) {
        this.pool = pool;
        this.consumer = consumer;
        this.commandTimeoutNanos = pool.redis.settings().commandTimeout().toNanos();
    }

    @Override
    public void run() {
        while (pool.running() && !Thread.currentThread().isInterrupted()) {
            try {
                if (System.nanoTime() - nextClaimAt >= 0) {
                    reclaimIdleJobs();
                }
                DedicatedConnection c = connection();
                long leaseStart = System.nanoTime();
                // The reply may never come from a stalled peer: bound the wait, then replace the connection.
                Duration maxWait = pool.block.plusNanos(commandTimeoutNanos);
                List<StreamMessage<String, String>> jobs = pool.queue.read(c, consumer, pool.batch, pool.block, maxWait);
                jobs.forEach(m -> process(m, leaseStart)); // finished even when stopping: these are in flight
            } catch (TimeoutException e) {
                LOG.debug("{}: no reply to XREADGROUP, replacing the connection", consumer);
                closeConnection();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("{}: {}", consumer, e.toString());
                LockSupport.parkNanos(RETRY_PAUSE_NANOS * 2);
            }
        }
        closeConnection();
    }

    private DedicatedConnection connection() {
        DedicatedConnection c = connection;
        if (c == null) {
            connection = c = pool.redis.dedicated();
        }
        return c;
    }

    void closeConnection() {
        DedicatedConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    private void reclaimIdleJobs() {
        long leaseStart = System.nanoTime();
        ClaimedMessages<String, String> claimed = pool.queue.reclaim(consumer, pool.claimIdle, claimCursor, pool.batch);
        claimCursor = claimed.getId();
        if ("0-0".equals(claimCursor)) { // a full pass: look again after a quarter of the idle time
            nextClaimAt = System.nanoTime() + pool.claimIdle.toNanos() / 4;
        }
        for (StreamMessage<String, String> m : claimed.getMessages()) {
            pool.reclaimed.increment();
            process(m, leaseStart);
        }
    }

    private void process(StreamMessage<String, String> message, long leaseStart) {
        Map<String, String> body = message.getBody();
        String id = body == null ? null : body.get("id");
        if (id == null || id.isBlank()) { // deleted or not a job: nothing to do but take it off the list
            LOG.warn("{}: entry {} is not a job, acknowledging it", consumer, message.getId());
            attempt(() -> pool.queue.ack(message.getId()), leaseStart);
            return;
        }
        Job job = new Job(id, body.getOrDefault("payload", ""));
        pool.record(job, attempt(job, message.getId(), leaseStart));
    }

    private Outcome attempt(Job job, String entryId, long leaseStart) {
        try {
            if (attempt(() -> pool.queue.result(job.id()), leaseStart).isPresent()) {
                attempt(() -> pool.queue.ack(entryId), leaseStart);
                return Outcome.ALREADY_DONE;
            }
            pool.handled.increment();
            String result;
            try {
                result = pool.handler.handle(job);
            } catch (Exception e) {
                LOG.warn("{}: handler failed for job {}; it stays pending and is retried after {}", consumer, job.id(), pool.claimIdle, e);
                return Outcome.LEFT_PENDING;
            }
            attempt(() -> pool.queue.recordResult(job.id(), result), leaseStart);
            attempt(() -> pool.queue.ack(entryId), leaseStart);
            return Outcome.DONE;
        } catch (RuntimeException e) { // lease expired, outcome unknown, not sent while interrupted: tether logs the outage itself
            LOG.debug("{}: job {} left pending: {}", consumer, job.id(), e.toString());
            return Outcome.LEFT_PENDING;
        }
    }

    /**
     * Runs one command within the lease: retries while it was not sent (safe), and refuses to start
     * one that could still be running when the job becomes reclaimable.
     */
    private <T> T attempt(Supplier<T> command, long leaseStart) {
        while (true) {
            if (System.nanoTime() - leaseStart + commandTimeoutNanos >= pool.claimIdle.toNanos()) {
                throw new LeaseExpired();
            }
            try {
                return command.get();
            } catch (RedisNotSentException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
    }

    /** The lease on a job ran out before its work was confirmed. */
    private static final class LeaseExpired extends RuntimeException {
        LeaseExpired() {
            super("lease expired", null, false, false);
        }
    }
}
