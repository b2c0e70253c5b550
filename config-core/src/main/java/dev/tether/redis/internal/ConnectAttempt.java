package dev.tether.redis.internal;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import io.lettuce.core.api.StatefulConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One connect attempt. Usually one connect; when it is still pending after {@link #PROBE_AFTER} and
 * {@link ConnectionSupervisor#mayProbe()}, the {@link ReadinessProbe} watches the port, and once the port accepts, a
 * fresh connect joins the attempt (its SYN is not lost), at most {@link #MAX_JOINED} times. The
 * first connect to succeed wins and later ones are closed unused; the attempt fails when all failed.
 * A connect that reached the server waits out its dataset loading ({@link LoadingWait}) before it
 * counts as succeeded; no fresh connect joins it meanwhile. One attempt as the pacer counts it,
 * whatever the number of connects.
 */
final class ConnectAttempt {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    /** A connect pending this long in an unreached outage may have lost its SYN: the readiness probe watches the port. */
    static final Duration PROBE_AFTER = Duration.ofMillis(20);
    /** At most this many fresh connects join one attempt when the probe finds the port accepting. */
    static final int MAX_JOINED = 3;

    private final ConnectionSupervisor supervisor;
    private final Connector connector;
    /** {@code null} when the port is not watched (a cluster or Sentinel). */
    private final ReadinessProbe probe;
    private final String name;
    private final LoadingWait loading;
    private final int number;
    private final CompletableFuture<Void> settled;
    private int inFlight;
    private int joined;
    private boolean decided;
    /** A probe was lost while this attempt was pending: the path was dropping SYNs. */
    private boolean synsLost;
    /** A connect reached the server (it may be loading its dataset): the port is not watched any more. */
    private boolean reached;
    private ReadinessProbe.Watch watch;
    private ScheduledFuture<?> watchLater;
    private io.netty.util.Timeout firstWatchLater;

    ConnectAttempt(ConnectionSupervisor supervisor, Connector connector, ReadinessProbe probe, String name,
                   int number, CompletableFuture<Void> settled) {
        this.supervisor = supervisor;
        this.connector = connector;
        this.probe = probe;
        this.name = name;
        this.number = number;
        SupervisorConfig config = supervisor.config();
        this.loading = new LoadingWait(supervisor, config.commandTimeout() != null ? config.commandTimeout()
                : config.settings().commandTimeout(), name);
        this.settled = settled;
    }

    void start() {
        launch();
        // after a connect that timed out on lost SYNs, the port is watched from the start: the path may be back already
        Diagnosis cause = supervisor.lastDiagnosis();
        watchAfter(cause != null && cause.code() == DiagnosisCode.TCP_TIMEOUT ? Duration.ZERO : PROBE_AFTER);
    }

    private void launch() {
        synchronized (this) {
            inFlight++;
        }
        CompletableFuture<StatefulConnection<String, String>> future;
        try {
            future = connector.connect().thenCompose(connection -> {
                reached();
                return loading.ready(connection);
            });
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete(this::oneSettled);
    }

    private void watchAfter(Duration delay) {
        if (probe == null) {
            return;
        }
        synchronized (this) {
            if (!decided && !reached) {
                if (delay.isZero() || supervisor.everConnected()) {
                    watchLater = supervisor.schedule(this::watch, delay.toNanos(), 0);
                } else {
                    // The first connect of an instance, which usually succeeds within the delay: wait on
                    // Lettuce's timer (running already; 100 ms ticks) so that no executor thread starts
                    // on the bootstrap's path. Reconnects keep the executor's precise delay.
                    firstWatchLater = supervisor.after(this::watch, delay.toNanos());
                }
            }
        }
    }

    private void watch() {
        if (!supervisor.mayProbe()) {
            return;
        }
        synchronized (this) {
            if (decided || reached || watch != null) {
                return;
            }
            Diagnosis cause = supervisor.lastDiagnosis();
            watch = probe.watch(this::portAccepts, synsLost || cause != null && cause.code() == DiagnosisCode.TCP_TIMEOUT);
        }
    }

    /** The port accepts again while every connect of this attempt is still pending: join a fresh one. */
    private void portAccepts() {
        synchronized (this) {
            synsLost = true; // the probe reports an accepting port only after one of its SYNs was lost
            watch = null;
            if (decided || reached || joined >= MAX_JOINED || supervisor.closed()) {
                return;
            }
            joined++;
        }
        LOG.debug("{}: {} accepts TCP again while connect attempt {} is pending; a fresh connect joins it", name,
                connector.describe(), number);
        launch();
        // should the fresh connect be lost too (the path dropped again), watch again
        watchAfter(PROBE_AFTER.multipliedBy(5));
    }

    private void oneSettled(StatefulConnection<String, String> connection, Throwable error) {
        boolean decides;
        boolean last;
        synchronized (this) {
            inFlight--;
            last = inFlight == 0;
            decides = !decided && (error == null || last);
            if (decides) {
                decided = true;
                stopWatching();
            }
        }
        try {
            if (!decides) {
                if (connection != null) {
                    connection.closeAsync(); // a later winner: the attempt has its connection
                } else {
                    LOG.debug("{}: one connect of attempt {} failed while another is pending", name, number, error);
                }
            } else if (error == null) {
                supervisor.connected(connection);
            } else {
                supervisor.failed(error, number, synsLost);
            }
        } finally {
            if (last) {
                settled.complete(null);
            }
        }
    }

    private synchronized void reached() {
        reached = true;
        stopWatching();
    }

    synchronized void endWatch() {
        stopWatching();
    }

    private void stopWatching() {
        ConnectionSupervisor.cancel(watchLater);
        if (firstWatchLater != null) {
            firstWatchLater.cancel();
        }
        if (watch != null) {
            synsLost |= watch.sawLoss();
            watch.stop();
            watch = null;
        }
    }
}
