package dev.tether.testkit.toxiproxy.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Starts the server's threads: daemon, named, with a small stack (they only shuttle bytes). */
final class DaemonThreads {
    private static final long STACK_SIZE = 256 * 1024;

    private DaemonThreads() {
    }

    static Thread start(String name, Runnable body) {
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
