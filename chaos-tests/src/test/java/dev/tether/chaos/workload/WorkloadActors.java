package dev.tether.chaos.workload;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * The actors of a workload and the connections they own: one daemon thread each, calling its step with a sequence
 * number at a service's pace until {@link #stop(Duration)}; {@link #close()} closes the connections. Thread-safe.
 */
final class WorkloadActors {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    /** Keeps {@code resource} (a connection of the workload's own) to close with the workload; returns it. */
    <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Starts {@code step} on a thread of its own named {@code workload-<name>}. */
    void start(String name, LongConsumer step) {
        Thread t = new Thread(() -> {
            long seq = 0;
            while (running.get()) {
                step.accept(seq++);
                if (!running.get()) {
                    break;
                }
                try {
                    Thread.sleep(2);   // a service's pace, not a flood: 2 cores are shared
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "workload-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    boolean running() {
        return running.get();
    }

    /** Stops every actor and returns how many did not finish within {@code bound}. */
    long stop(Duration bound) {
        running.set(false);
        long deadline = System.nanoTime() + bound.toNanos();
        long stuck = 0;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                stuck++;
            }
        }
        return stuck;
    }

    /** Closes the connections the actors own. */
    void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // closing after a fault may fail; nothing to keep
            }
        }
    }
}
