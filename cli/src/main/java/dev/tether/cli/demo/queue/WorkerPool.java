package dev.tether.cli.demo.queue;

import dev.tether.config.Arguments;
import dev.tether.redis.SharedRedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * N worker threads that take jobs from a {@link JobQueue}, run a {@link JobHandler}, record the
 * result and acknowledge. Blocking reads ({@code XREADGROUP ... BLOCK}) use one dedicated connection
 * per worker; everything else ({@code XACK}, {@code XAUTOCLAIM}, result writes) shares the one
 * connection of the {@link SharedRedis}.
 *
 * <h2>Delivery: at least once, processed once per job id</h2>
 * <ul>
 * <li>A job is acknowledged only after its result is recorded. Before running the handler, a worker
 *     looks the result up; if it exists, it acknowledges without running the handler again.</li>
 * <li>A job left pending (worker crashed, stalled, or a command failed) is reclaimed with
 *     {@code XAUTOCLAIM} once it has been idle for {@link Builder#claimIdle(Duration)}.</li>
 * <li>A worker holds a job for at most the claim idle time (its lease, counted from when it asked
 *     for the job): it sends no command whose timeout could end after the lease; instead it gives
 *     the job up ({@link Outcome#LEFT_PENDING}). So a job is never reclaimed from a worker that is
 *     still going to complete it.</li>
 * </ul>
 * The rule that follows: <b>the handler runs again for a job only if an earlier attempt ended
 * {@link Outcome#LEFT_PENDING} (or its process died), or the producer added the job twice</b> (a
 * retried {@code XADD} whose first outcome was unknown). An attempt that ends {@link Outcome#DONE}
 * is final.
 *
 * <p>Thread-safe. {@link #stop(Duration)} is graceful: workers stop taking jobs and finish the ones
 * they hold.
 */
public final class WorkerPool implements AutoCloseable {
    /** How one attempt at a job ended. */
    public enum Outcome {
        /** The handler ran, the result was recorded and the job acknowledged. */
        DONE,
        /** A result existed already (a duplicate or a reclaimed job): acknowledged without running the handler. */
        ALREADY_DONE,
        /** Something failed or the lease ran out: the job stays pending and will be reclaimed. */
        LEFT_PENDING
    }

    /** Told about every attempt; called on worker threads, must be fast and thread-safe. */
    @FunctionalInterface
    public interface Listener {
        void onOutcome(Job job, Outcome outcome);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    final SharedRedis redis;
    final JobQueue queue;
    final JobHandler handler;
    final Duration claimIdle;
    final Duration block;
    final int batch;
    final Listener listener;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    final LongAdder handled = new LongAdder();
    final LongAdder done = new LongAdder();
    final LongAdder alreadyDone = new LongAdder();
    final LongAdder leftPending = new LongAdder();
    final LongAdder reclaimed = new LongAdder();

    private WorkerPool(Builder b) {
        this.redis = b.redis;
        this.queue = b.queue;
        this.handler = b.handler;
        this.claimIdle = b.claimIdle;
        this.block = b.block;
        this.batch = b.batch;
        this.listener = b.listener;
        String prefix = b.consumerPrefix != null ? b.consumerPrefix
                : "worker-" + ProcessHandle.current().pid() + "-" + POOLS.incrementAndGet();
        for (int i = 1; i <= b.workers; i++) {
            Worker worker = new Worker(this, prefix + "-" + i);
            Thread thread = new Thread(worker, prefix + "-" + i);
            workers.add(worker);
            threads.add(thread);
        }
    }

    /** A builder; {@link Builder#start()} waits for the readiness gate before any worker runs. */
    public static Builder builder(SharedRedis redis, JobQueue queue, JobHandler handler) {
        return new Builder(redis, queue, handler);
    }

    boolean running() {
        return running;
    }

    /**
     * Stops taking jobs, lets each worker finish the jobs it holds, and waits up to {@code grace}
     * (plus one block period) for the threads to end; after that, interrupts them and closes their
     * connections (their jobs stay pending and are reclaimed). Idempotent; does not close the
     * {@link SharedRedis}.
     */
    public void stop(Duration grace) {
        running = false;
        long deadline = System.nanoTime() + grace.plus(block).toNanos();
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            join(thread, deadline - System.nanoTime());
            if (thread.isAlive()) {
                thread.interrupt();
                workers.get(i).closeConnection();
                join(thread, TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    /** {@link #stop(Duration)} with a 10 s grace period. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private static void join(Thread thread, long nanos) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Number of worker threads. */
    public int workers() {
        return threads.size();
    }

    /** Handler runs (including runs whose result was then not recorded). */
    public long handled() {
        return handled.sum();
    }

    /** Attempts that ended {@link Outcome#DONE}. */
    public long done() {
        return done.sum();
    }

    /** Attempts that ended {@link Outcome#ALREADY_DONE}. */
    public long alreadyDone() {
        return alreadyDone.sum();
    }

    /** Attempts that ended {@link Outcome#LEFT_PENDING}. */
    public long leftPending() {
        return leftPending.sum();
    }

    /** Jobs taken over from idle pending entries by {@code XAUTOCLAIM}. */
    public long reclaimed() {
        return reclaimed.sum();
    }

    void record(Job job, Outcome outcome) {
        switch (outcome) {
            case DONE -> done.increment();
            case ALREADY_DONE -> alreadyDone.increment();
            case LEFT_PENDING -> leftPending.increment();
        }
        listener.onOutcome(job, outcome);
    }

    /** Options; not thread-safe. Arguments are checked at the door. */
    public static final class Builder {
        private final SharedRedis redis;
        private final JobQueue queue;
        private final JobHandler handler;
        private int workers = 4;
        private Duration claimIdle = Duration.ofSeconds(30);
        private Duration block = Duration.ofSeconds(1);
        private Duration readyTimeout = Duration.ofSeconds(30);
        private int batch = 10;
        private String consumerPrefix;
        private Listener listener = (job, outcome) -> { };

        private Builder(SharedRedis redis, JobQueue queue, JobHandler handler) {
            this.redis = Objects.requireNonNull(redis, "redis");
            this.queue = Objects.requireNonNull(queue, "queue");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Worker threads, each with one dedicated connection; default 4. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * How long a job may stay pending before another worker reclaims it; also each worker's lease
         * on a job. Must be at least 3 × the command timeout. Default 30 s.
         */
        public Builder claimIdle(Duration claimIdle) {
            this.claimIdle = Arguments.positive(claimIdle, "claimIdle");
            return this;
        }

        /** How long one {@code XREADGROUP} blocks waiting for new jobs; default 1 s. */
        public Builder block(Duration block) {
            this.block = Arguments.positive(block, "block");
            return this;
        }

        /** How long {@link #start()} waits for the connection; default 30 s. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Arguments.positive(timeout, "readyTimeout");
            return this;
        }

        /** Jobs per read; default 10. */
        public Builder batch(int batch) {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be >= 1, was " + batch);
            }
            this.batch = batch;
            return this;
        }

        /** Consumer names are {@code prefix-1..N}; default {@code worker-<pid>-<n>}. */
        public Builder consumerPrefix(String prefix) {
            this.consumerPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Waits for the readiness gate, creates the consumer group, then starts the workers.
         *
         * @throws dev.tether.redis.RedisUnavailableException when Redis is not ready within the ready timeout
         * @throws IllegalArgumentException when the claim idle time is under 3 × the command timeout
         */
        public WorkerPool start() {
            Duration minimum = redis.settings().commandTimeout().multipliedBy(3);
            if (claimIdle.compareTo(minimum) < 0) {
                throw new IllegalArgumentException("claimIdle must be at least 3 x the command timeout (" + minimum.toMillis()
                        + " ms), was " + claimIdle.toMillis() + " ms");
            }
            redis.awaitReady(readyTimeout);
            queue.createGroup();
            WorkerPool pool = new WorkerPool(this);
            pool.threads.forEach(Thread::start);
            return pool;
        }

    }
}
