package dev.tether.testkit.toxiproxy.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the server's blocking loops (accept, dial, and the reader and writer of each link) on daemon
 * threads with a small stack (they only shuttle bytes). Threads are pooled and reused: setting up a
 * proxied connection costs four hand-offs, not four thread creations, so a burst of connects is set up
 * concurrently and quickly, as the real server's goroutines are. A pooled thread carries the loop's name
 * ({@code toxiproxy-...}) only while it runs one; idle, it is an {@code idle-proxy-worker}.
 */
final class DaemonThreads {
    private static final long STACK_SIZE = 256 * 1024;
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory("idle-proxy-worker"));

    private DaemonThreads() {
    }

    /** Runs {@code body} on a pooled daemon thread named {@code name} while it runs. */
    static void start(String name, Runnable body) {
        POOL.execute(() -> {
            Thread thread = Thread.currentThread();
            String idle = thread.getName();
            thread.setName(name);
            try {
                body.run();
            } finally {
                Thread.interrupted(); // a loop stopped by interrupt must not hand the flag to the next one
                thread.setName(idle);
            }
        });
    }

    /** Starts {@code body} on a thread of its own, for a loop whose end a caller waits for with join. */
    static Thread startDedicated(String name, Runnable body) {
        Thread thread = new Thread(null, body, name, STACK_SIZE);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static ThreadFactory factory(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return body -> {
            Thread thread = new Thread(null, body, prefix + "-" + counter.incrementAndGet(), STACK_SIZE);
            thread.setDaemon(true);
            return thread;
        };
    }
}
