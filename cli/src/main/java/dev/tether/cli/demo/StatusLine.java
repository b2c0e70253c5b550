package dev.tether.cli.demo;

import java.io.PrintWriter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's live output. On a terminal: one status line redrawn in place (carriage return) five
 * times a second, with event lines printed above it. Elsewhere (a pipe, a CI log): event lines as
 * they come and a plain status line every two seconds. All printing happens on one thread, so event
 * sources never block on the terminal. Thread-safe.
 */
final class StatusLine implements AutoCloseable {
    private static final long PLAIN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final PrintWriter out;
    private final boolean tty;
    private final Supplier<String> status;
    private final long start;
    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tether-demo-status");
        t.setDaemon(true);
        return t;
    });
    private int drawn;
    private long nextPlain;

    StatusLine(PrintWriter out, boolean tty, Supplier<String> status, long startNanos) {
        this.out = out;
        this.tty = tty;
        this.status = status;
        this.start = startNanos;
        this.nextPlain = System.nanoTime();
        timer.scheduleWithFixedDelay(this::tick, 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Prints {@code line} (with the time since start) above the status line, soon. */
    void event(String line) {
        events.add(stamp(System.nanoTime()) + line);
    }

    private synchronized void tick() {
        try {
            long now = System.nanoTime();
            for (String line; (line = events.poll()) != null; ) {
                if (tty && drawn > 0) {
                    out.print("\r" + " ".repeat(drawn) + "\r");
                    drawn = 0;
                }
                out.println(line);
            }
            String line = stamp(now) + status.get();
            if (tty) {
                out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
                drawn = line.length();
            } else if (now - nextPlain >= 0) {
                out.println(line);
                nextPlain = now + PLAIN_EVERY_NANOS;
            }
            out.flush();
        } catch (RuntimeException e) {
            // A status line must never end the demo.
        }
    }

    private String stamp(long nanoTime) {
        return String.format("[%5.1fs] ", (nanoTime - start) / 1e9);
    }

    /** Prints what is pending and ends the status line. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            nextPlain = System.nanoTime();
            tick();
            if (tty) {
                out.println();
                out.flush();
            }
        }
    }
}
