package dev.tether.testkit.toxiproxy.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The API's executor: a pool of {@value #THREADS} threads in which reading a request (headers and body)
 * has a deadline, like Go's {@code http.Server.ReadTimeout} (15 s in the real server). The JDK server reads
 * a request on the executor's thread with a blocking channel; when the deadline passes, that thread is
 * interrupted, which closes the channel, ends the exchange and frees the thread. So slow clients
 * (slowloris) hold a thread for at most the read timeout, and several of them cannot stall the API.
 *
 * <p>A handler calls {@link #readFinished()} once it has the whole body: the work after that (which may
 * wait for a listener to close) is not cut short. Thread-safe.
 */
public final class ReadDeadlines implements Executor, AutoCloseable {
    static final int THREADS = 16;
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final long timeoutNanos;

    public ReadDeadlines(Duration readTimeout) {
        this.timeoutNanos = readTimeout.toNanos();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.factory("toxiproxy-api"));
        this.pool.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.factory("toxiproxy-api-deadline"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
    }

    @Override
    public void execute(Runnable exchange) {
        pool.execute(() -> {
            Deadline deadline = new Deadline(Thread.currentThread());
            deadline.future = timer.schedule(deadline::expire, timeoutNanos, TimeUnit.NANOSECONDS);
            CURRENT.set(deadline);
            try {
                exchange.run();
            } finally {
                deadline.disarm();
                CURRENT.remove();
                Thread.interrupted(); // a late interrupt must not reach the next exchange on this thread
            }
        });
    }

    /** Called on the exchange's thread once the request is read: the rest of the exchange has no deadline. */
    public static void readFinished() {
        Deadline deadline = CURRENT.get();
        if (deadline != null) {
            deadline.disarm();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private static final class Deadline {
        private final Thread thread;
        private ScheduledFuture<?> future;
        private boolean done;

        Deadline(Thread thread) {
            this.thread = thread;
        }

        synchronized void expire() {
            if (!done) {
                done = true;
                thread.interrupt();
            }
        }

        synchronized void disarm() {
            done = true;
            if (future != null) {
                future.cancel(false);
            }
        }
    }
}
