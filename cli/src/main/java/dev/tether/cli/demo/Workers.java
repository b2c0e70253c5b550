package dev.tether.cli.demo;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.models.stream.ClaimedMessages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's consumers: threads that take jobs from a {@link JobStream}, upper-case each payload as
 * the job's result, record it and acknowledge. At least once, one result per job id: a job whose
 * result or acknowledgement was not confirmed stays pending, and any worker reclaims it
 * ({@code XAUTOCLAIM}) once it has been idle for {@code claimIdle}; a job that has a result is only
 * acknowledged. Reads do not block in Redis (an idle worker pauses instead), so the workers need
 * nothing but the shared connection. Thread-safe.
 */
final class Workers implements AutoCloseable {
    private static final int BATCH = 10;
    private static final long IDLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final JobStream jobs;
    private final Duration claimIdle;
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder runs = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    private volatile boolean running = true;

    /** Creates the consumer group, then starts {@code count} worker threads. */
    static Workers start(JobStream jobs, int count, Duration claimIdle) {
        jobs.createGroup();
        Workers workers = new Workers(jobs, count, claimIdle);
        workers.threads.forEach(Thread::start);
        return workers;
    }

    private Workers(JobStream jobs, int count, Duration claimIdle) {
        this.jobs = jobs;
        this.claimIdle = claimIdle;
        for (int i = 1; i <= count; i++) {
            String consumer = "demo-worker-" + i;
            threads.add(new Thread(() -> work(consumer), consumer));
        }
    }

    /** Times a result was computed: once per job, more for a job whose first attempt was not confirmed. */
    long runs() {
        return runs.sum();
    }

    /** Jobs acknowledged with their result recorded (a job added twice counts twice). */
    long finished() {
        return finished.sum();
    }

    /** Entries taken over from idle pending ones. */
    long reclaimed() {
        return reclaimed.sum();
    }

    /** Stops taking jobs and waits up to {@code grace} for the threads, then interrupts them. Idempotent. */
    void stop(Duration grace) {
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private void work(String consumer) {
        String cursor = "0-0";
        long nextReclaim = System.nanoTime();
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (System.nanoTime() - nextReclaim >= 0) {
                    ClaimedMessages<String, String> claimed = jobs.reclaim(consumer, claimIdle, cursor, BATCH);
                    cursor = claimed.getId();
                    if ("0-0".equals(cursor)) { // a full pass: look again after a quarter of the idle time
                        nextReclaim = System.nanoTime() + claimIdle.toNanos() / 4;
                    }
                    reclaimed.add(claimed.getMessages().size());
                    claimed.getMessages().forEach(this::process);
                }
                List<StreamMessage<String, String>> batch = jobs.read(consumer, BATCH);
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(IDLE_PAUSE_NANOS);
                }
                batch.forEach(this::process);
            } catch (RuntimeException e) { // not sent or outcome unknown: what was read stays pending
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
            }
        }
    }

    private void process(StreamMessage<String, String> entry) {
        String jobId = entry.getBody() == null ? null : entry.getBody().get("id");
        if (jobId != null && !jobs.hasResult(jobId)) {
            runs.increment();
            jobs.recordResult(jobId, entry.getBody().getOrDefault("payload", "").toUpperCase(Locale.ROOT));
        }
        jobs.ack(entry.getId());
        finished.increment();
    }
}
