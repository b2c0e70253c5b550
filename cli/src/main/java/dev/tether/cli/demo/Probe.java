package dev.tether.cli.demo;

import dev.tether.redis.SharedRedis;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a {@code PING} on the shared connection every 25 ms (async, so a slow one does not hold the
 * next back) and remembers, since the last {@link #mark(long)}, the first failure and the first
 * success of a ping sent after the mark: the clock for detection and recovery times. Thread-safe.
 */
final class Probe implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tether-demo-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile long marker = Long.MAX_VALUE;
    private final AtomicLong firstFailure = new AtomicLong();
    private final AtomicLong firstSuccess = new AtomicLong();

    Probe(SharedRedis redis) {
        timer.scheduleAtFixedRate(() -> {
            long sent = System.nanoTime();
            try {
                redis.async().ping().whenComplete((pong, error) -> completed(sent, error == null));
            } catch (RuntimeException e) {
                completed(sent, false);
            }
        }, 0, 25, TimeUnit.MILLISECONDS);
    }

    private void completed(long sent, boolean ok) {
        long now = System.nanoTime();
        if (sent - marker >= 0) {
            (ok ? firstSuccess : firstFailure).compareAndSet(0, now);
        }
    }

    /** Starts a new measurement at {@code nanoTime}. */
    void mark(long nanoTime) {
        firstFailure.set(0);
        firstSuccess.set(0);
        marker = nanoTime;
    }

    /** When the first ping sent after the mark failed ({@code System.nanoTime()}), or 0. */
    long firstFailure() {
        return firstFailure.get();
    }

    /** When the first ping sent after the mark succeeded ({@code System.nanoTime()}), or 0. */
    long firstSuccess() {
        return firstSuccess.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
