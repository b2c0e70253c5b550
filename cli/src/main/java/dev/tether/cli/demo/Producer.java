package dev.tether.cli.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits numbered jobs at a steady rate on the shared connection. A job counts as submitted only
 * once its {@code XADD} was confirmed; until then it is retried (a retry after an unknown outcome
 * may add it twice, which the worker absorbs). Thread-safe.
 */
final class Producer implements AutoCloseable {
    private final JobStream queue;
    private final long intervalNanos;
    private final Map<String, Long> confirmed = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Producer(JobStream queue, int jobsPerSecond) {
        this.queue = queue;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / jobsPerSecond;
        this.thread = new Thread(this::produce, "tether-demo-producer");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce() {
        long next = System.nanoTime();
        for (int n = 1; running; n++) {
            String jobId = "job-" + n;
            while (running) {
                try {
                    queue.add(jobId, "payload " + n);
                    confirmed.put(jobId, System.nanoTime());
                    break;
                } catch (RuntimeException e) { // not sent, or outcome unknown: the same job again
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime(); // after an outage: resume the rate, do not burst to catch up
            }
        }
    }

    /** Confirmed jobs: id to when its {@code XADD} was confirmed ({@code System.nanoTime()}). */
    Map<String, Long> confirmed() {
        return confirmed;
    }

    /** Stops submitting; waits for the thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
