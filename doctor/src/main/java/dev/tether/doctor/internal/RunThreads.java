package dev.tether.doctor.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one {@link DoctorRun}: a watchdog that closes a socket at a step's deadline, and a
 * DNS lookup bounded by one. Each is a daemon thread created on first use and ended by
 * {@link #close()}, so a process that never runs the doctor has none and a finished run leaves
 * none behind (a DNS lookup stuck in the resolver ends when the resolver gives up). Used by one run;
 * thread-safe.
 */
final class RunThreads implements AutoCloseable {
    private ScheduledExecutorService watchdog;
    private ExecutorService dns;
    private boolean closed;

    /** Runs {@code task} after {@code delayMillis} unless cancelled first. */
    synchronized ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        if (watchdog == null) {
            requireOpen();
            watchdog = Executors.newSingleThreadScheduledExecutor(daemon("tether-doctor-watchdog"));
        }
        return watchdog.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs a lookup on a thread of its own, so that the caller can stop waiting at its deadline. */
    synchronized <T> Future<T> lookUp(Callable<T> lookup) {
        if (dns == null) {
            requireOpen();
            dns = Executors.newCachedThreadPool(daemon("tether-doctor-dns"));
        }
        return dns.submit(lookup);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this doctor run is over");
        }
    }

    /** Ends the threads: pending watchdogs are dropped, a running lookup is interrupted. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (dns != null) {
            dns.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
