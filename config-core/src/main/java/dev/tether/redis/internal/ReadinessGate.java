package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.internal.DiagnosisProviders;
import dev.tether.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bootstrap gate: a future that completes when the first connection is up and fails, with the
 * deeper diagnosis (the doctor, when on the class path), when the bootstrap budget runs out. Waiters block on the future itself (no
 * polling). The doctor runs only on that failure, on a thread of its own. Thread-safe.
 */
final class ReadinessGate {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /**
     * Completes with {@link #ready} but inline, on the thread that opens the gate: for blocking
     * waiters only (never given dependents), so they wake without waiting for the executor hop.
     */
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private final RedisSettings settings;
    private final Duration budget;

    ReadinessGate(RedisSettings settings, Duration budget) {
        this.settings = settings;
        this.budget = budget;
    }

    /** Whether {@link #future()} was ever given out: only then can it have dependents to keep off the event loop. */
    private boolean handedOut;

    synchronized CompletableFuture<Void> future() {
        handedOut = true;
        return ready;
    }

    /** Whether the gate opened or failed (opened: its executor hop may still be pending). */
    boolean settled() {
        return reached.isDone();
    }

    /** Waits until the gate opens (returns) or fails (throws what {@link #future()} fails with). */
    void await(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        reached.get(timeout, unit);
    }

    /**
     * Opens the gate. When {@link #future()} was given out, its completion runs off the calling
     * thread: a callback on {@code ready()} that runs a blocking command would otherwise wait on the
     * event loop for a reply that this very thread must read. When it was not, nothing can depend on
     * it yet (whoever gets it later runs callbacks on their own thread), and no executor thread is
     * woken (or started) for it.
     */
    void open(Executor executor) {
        reached.complete(null);
        synchronized (this) {
            if (!handedOut) {
                ready.complete(null);
                return;
            }
        }
        try {
            executor.execute(() -> ready.complete(null));
        } catch (RuntimeException rejected) {
            ready.complete(null);
        }
    }

    /**
     * The budget ran out: the diagnosis to fail the gate with, the doctor's first, else the last
     * failure's. The doctor looks at the server step by step (DNS, TCP, TLS, AUTH, PING) and can tell
     * causes apart that a driver exception alone cannot; it blocks, so it gets a thread of its own.
     */
    CompletableFuture<Diagnosis> diagnose(Diagnosis lastFailure) {
        return CompletableFuture.supplyAsync(this::doctorDiagnosis, runnable -> {
            Thread t = new Thread(runnable, "tether-redis-bootstrap-diagnosis");
            t.setDaemon(true);
            t.start();
        }).handle((doctor, error) -> doctor != null ? doctor : lastFailure != null ? lastFailure
                : Diagnosis.of(DiagnosisCode.TCP_TIMEOUT, "no connection attempt finished within the bootstrap budget"));
    }

    /** Fails the gate with the final diagnosis, unless it opened meanwhile; false when it had. */
    boolean fail(Diagnosis diagnosis, int attempts, OutageLog log) {
        if (reached.isDone()) { // opened (its executor hop may still be pending) or failed already
            return false;
        }
        log.bootstrapFailed(diagnosis, budget, attempts);
        RedisUnavailableException e = new RedisUnavailableException("could not connect to Redis at " + settings.host() + ":"
                + settings.port() + " within " + budget.toMillis() + " ms", diagnosis, null);
        reached.completeExceptionally(e);
        return ready.completeExceptionally(e);
    }

    void fail(RedisUnavailableException e) {
        reached.completeExceptionally(e);
        ready.completeExceptionally(e);
    }

    private Diagnosis doctorDiagnosis() {
        try {
            Duration timeout = settings.connectTimeout().compareTo(Duration.ofSeconds(3)) < 0 ? settings.connectTimeout() : Duration.ofSeconds(3);
            return DiagnosisProviders.diagnose(settings, timeout).orElse(null);
        } catch (RuntimeException e) {
            LOG.debug("doctor failed: {}", e.toString());
            return null;
        }
    }
}
