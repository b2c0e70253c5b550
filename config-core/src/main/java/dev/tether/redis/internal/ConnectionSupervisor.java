package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.config.TlsVerify;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.internal.DiagnosisProviders;
import dev.tether.diagnosis.internal.FailureClassifier;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionListener;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.RedisUnavailableException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps one logical connection alive: connects with bounded retries (the readiness gate),
 * replaces the physical connection when it is lost or stalls (capped exponential backoff with
 * jitter, plus an immediate attempt when a command arrives while disconnected), and reports every
 * change as an event and a quiet log.
 *
 * <p>Lettuce's own reconnect is off: a lost connection is never revived, so nothing sent on it is
 * ever replayed, and a command refused while disconnected is never sent later.
 *
 * <p>Thread-safe. Connect attempts never overlap; they run on the supervisor's scheduler thread
 * and Netty's event loop.
 */
public final class ConnectionSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final RedisClient client;
    private final SupervisorConfig config;
    private final ScheduledExecutorService scheduler;
    private final OutageLog log;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean attemptInFlight = new AtomicBoolean();
    private final AtomicBoolean demandQueued = new AtomicBoolean();
    private final AtomicReference<RedisCredentials> credentials;
    private final RedisURI uri;
    private final long startNanos = System.nanoTime();

    private volatile Link current;
    private volatile CompletableFuture<Link> nextLink = new CompletableFuture<>();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile long lastAttemptNanos;
    private volatile long outageStartNanos;
    private volatile Diagnosis lastDiagnosis;
    private volatile ScheduledFuture<?> scheduledAttempt;
    private volatile ScheduledFuture<?> watchdog;
    private int attempts;
    private boolean refreshedSinceLastSuccess;
    private volatile boolean everConnected;

    public ConnectionSupervisor(RedisClient client, SupervisorConfig config, ScheduledExecutorService scheduler) {
        this.client = client;
        this.config = config;
        this.scheduler = scheduler;
        RedisSettings s = config.settings();
        this.log = new OutageLog(s.host() + ":" + s.port());
        this.credentials = new AtomicReference<>(LettuceSetup.credentials(s));
        this.uri = LettuceSetup.uri(s, credentials::get);
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        if (config.settings().tls() && config.settings().tlsVerify() == TlsVerify.NONE) {
            log.warn("TLS certificate verification is OFF for {} (REDIS_TLS_VERIFY=none): any certificate is accepted, including an attacker's",
                    config.settings().host());
        }
        Duration tick = watchdogTick();
        if (tick != null) {
            watchdog = scheduler.scheduleAtFixedRate(this::checkHealth, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
        }
        scheduler.schedule(bootstrapDeadline(), config.bootstrapBudget().toNanos(), TimeUnit.NANOSECONDS);
        scheduler.execute(this::attempt);
    }

    public SupervisorConfig config() {
        return config;
    }

    public ConnectionState state() {
        return state;
    }

    /** Completes when the first connection is up; fails with the diagnosis when the bootstrap budget runs out. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** The last classified failure, or {@code null}. */
    public Diagnosis lastDiagnosis() {
        return lastDiagnosis;
    }

    /** The live link, or {@code null} when disconnected. */
    Link link() {
        Link link = current;
        return link != null && link.usable() ? link : null;
    }

    /**
     * The live link; when there is none, asks for an immediate reconnect and waits up to the
     * configured disconnected wait. Returns {@code null} when still disconnected.
     */
    Link awaitLink() {
        Link link = link();
        if (link != null) {
            return link;
        }
        demand();
        Duration wait = config.disconnectedWait();
        if (wait.isZero() || state == ConnectionState.CLOSED) {
            return null;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                Link next = nextLink.get(left, TimeUnit.NANOSECONDS);
                if (next.usable()) {
                    return next;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (java.util.concurrent.ExecutionException e) {
                return null;
            }
            link = link();
            if (link != null) {
                return link;
            }
        }
    }

    /**
     * Someone needs the connection now (a command, or a thread waiting at the readiness gate): try
     * to reconnect at once, unless an attempt is running or one started within the demand interval.
     */
    public void demand() {
        if (state == ConnectionState.CLOSED || attemptInFlight.get() || failsTheSameWayAgain(lastDiagnosis)) {
            return;
        }
        if (System.nanoTime() - lastAttemptNanos >= config.demandInterval().toNanos() && demandQueued.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                demandQueued.set(false);
                attempt();
            });
        }
    }

    /**
     * Failures that another attempt right away would only repeat (wrong CA, wrong password, not
     * Redis, no such host): those wait for the backoff instead of being retried on every command.
     */
    private static boolean failsTheSameWayAgain(Diagnosis diagnosis) {
        if (diagnosis == null) {
            return false;
        }
        return switch (diagnosis.code()) {
            case TLS_UNTRUSTED, TLS_HOSTNAME_MISMATCH, TLS_FAILED, AUTH_REQUIRED, AUTH_FAILED,
                 ACL_DENIED, NOT_REDIS, DNS_UNRESOLVABLE -> true;
            default -> false;
        };
    }

    /** A link's command failed with a connection-level error: remember it for the outage's cause. */
    void commandFailed(Link link, Throwable error) {
        link.recordError(error);
    }

    private void attempt() {
        if (state == ConnectionState.CLOSED || link() != null || !attemptInFlight.compareAndSet(false, true)) {
            return;
        }
        lastAttemptNanos = System.nanoTime();
        int attempt;
        synchronized (this) {
            attempt = ++attempts;
        }
        CompletableFuture<StatefulRedisConnection<String, String>> future;
        try {
            future = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((connection, error) -> {
            if (error == null) {
                connected(connection);
            } else {
                failed(error, attempt);
            }
        });
    }

    private void connected(StatefulRedisConnection<String, String> connection) {
        long now = System.nanoTime();
        Link link = new Link(connection, now);
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
                lost(link, null);
            }

            @Override
            public void onRedisExceptionCaught(RedisChannelHandler<?, ?> c, Throwable cause) {
                link.recordError(cause);
            }
        });
        if (state == ConnectionState.CLOSED) {
            connection.closeAsync();
            attemptInFlight.set(false);
            return;
        }
        current = link;
        state = ConnectionState.CONNECTED;
        synchronized (this) {
            attempts = 0;
            refreshedSinceLastSuccess = false;
        }
        attemptInFlight.set(false);
        CompletableFuture<Link> waiting = nextLink;
        nextLink = new CompletableFuture<>();
        waiting.complete(link);
        if (!everConnected) {
            everConnected = true;
            log.connected(Duration.ofNanos(now - startNanos));
            // Off the event loop: a callback on ready() that runs a blocking command would otherwise
            // wait for a reply that this very thread has to read.
            ready.completeAsync(() -> null);
            publish(ConnectionEvent.Type.CONNECTED, null, Duration.ZERO, 0);
        } else {
            Duration outage = Duration.ofNanos(now - outageStartNanos);
            log.recovered(outage);
            publish(ConnectionEvent.Type.RECOVERED, null, outage, 0);
        }
        outageStartNanos = 0;
        if (!connection.isOpen()) {
            lost(link, null);
        }
    }

    private void failed(Throwable error, int attempt) {
        Diagnosis diagnosis = FailureClassifier.classify(error, config.settings().tls());
        lastDiagnosis = diagnosis;
        boolean authProblem = diagnosis.code() == DiagnosisCode.AUTH_FAILED || diagnosis.code() == DiagnosisCode.AUTH_REQUIRED;
        boolean retryNow = false;
        if (authProblem && config.credentialsRefresh() != null) {
            synchronized (this) {
                if (!refreshedSinceLastSuccess) {
                    refreshedSinceLastSuccess = true;
                    retryNow = refreshCredentials();
                }
            }
        }
        attemptInFlight.set(false);
        publish(ConnectionEvent.Type.RECONNECT_FAILED, diagnosis, Duration.ZERO, attempt);
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if (state == ConnectionState.CONNECTING && attempt == 1) {
            LOG.info("Connecting to Redis at {}:{} failed: {} ({}); retrying for up to {} ms", config.settings().host(),
                    config.settings().port(), diagnosis.code(), diagnosis.message(), config.bootstrapBudget().toMillis());
        } else {
            log.attemptFailed(diagnosis, attempt);
        }
        if (retryNow) {
            scheduler.execute(this::attempt);
        } else {
            scheduleRetry(attempt);
        }
    }

    /** Re-resolves the credentials from the sources; true when they changed. */
    private boolean refreshCredentials() {
        try {
            RedisSettings fresh = config.credentialsRefresh().get();
            RedisCredentials next = LettuceSetup.credentials(fresh);
            RedisCredentials old = credentials.getAndSet(next);
            boolean changed = !java.util.Objects.equals(old.getUsername(), next.getUsername())
                    || !java.util.Arrays.equals(old.getPassword(), next.getPassword());
            LOG.info("Redis refused the credentials; re-read them from the configuration sources ({})",
                    changed ? "they changed, retrying now" : "unchanged");
            return changed;
        } catch (RuntimeException e) {
            LOG.warn("Redis refused the credentials and re-reading them failed: {}", dev.tether.config.Redactor.redact(e.getMessage()));
            return false;
        }
    }

    private void scheduleRetry(int attempt) {
        long min = config.backoffMin().toNanos();
        long cap = config.backoffMax().toNanos();
        long exp = attempt >= 30 ? cap : Math.min(cap, min << Math.min(attempt - 1, 30));
        long delay = min + ThreadLocalRandom.current().nextLong(Math.max(1, exp - min + 1));
        scheduledAttempt = scheduler.schedule(this::attempt, delay, TimeUnit.NANOSECONDS);
    }

    private void lost(Link link, RedisOutcomeUnknownException.Reason reason) {
        if (reason != null) {
            link.retire(reason);
        } else {
            link.retire(RedisOutcomeUnknownException.Reason.CONNECTION_LOST);
        }
        synchronized (this) {
            if (current != link) {
                return;
            }
            current = null;
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.RECONNECTING;
            outageStartNanos = System.nanoTime();
        }
        link.connection.closeAsync();
        Diagnosis diagnosis = reason == RedisOutcomeUnknownException.Reason.STALLED
                ? new Diagnosis(DiagnosisCode.SERVER_UNRESPONSIVE, "commands waited " + config.stallTimeout().toMillis()
                + " ms with no reply (stall); the connection was replaced", DiagnosisCode.SERVER_UNRESPONSIVE.hint())
                : link.lastError() != null ? FailureClassifier.classify(link.lastError(), config.settings().tls())
                : Diagnosis.of(DiagnosisCode.CONNECTION_CLOSED, "the server or a proxy closed the connection");
        lastDiagnosis = diagnosis;
        log.lost(diagnosis);
        publish(reason == RedisOutcomeUnknownException.Reason.STALLED ? ConnectionEvent.Type.STALLED : ConnectionEvent.Type.DISCONNECTED,
                diagnosis, Duration.ZERO, 0);
        scheduler.execute(this::attempt);
    }

    private Duration watchdogTick() {
        Duration stall = config.stallTimeout();
        Duration ping = config.idlePing();
        if (stall == null && ping == null) {
            return null;
        }
        long base = stall != null ? stall.toNanos() / 20 : ping.toNanos() / 4;
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(base, TimeUnit.MILLISECONDS.toNanos(250))));
    }

    private void checkHealth() {
        Link link = current;
        if (link == null || state == ConnectionState.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        if (config.stallTimeout() != null && link.tracker.silentNanos(now) >= config.stallTimeout().toNanos()) {
            LOG.debug("stall: {} commands outstanding, no reply for {} ms", link.tracker.outstanding(),
                    TimeUnit.NANOSECONDS.toMillis(link.tracker.silentNanos(now)));
            lost(link, RedisOutcomeUnknownException.Reason.STALLED);
            return;
        }
        if (config.idlePing() != null && link.tracker.idleNanos(now) >= config.idlePing().toNanos() && link.usable()) {
            link.tracker.dispatched(now);
            try {
                link.async.ping().whenComplete((pong, error) -> link.tracker.finished(error == null, System.nanoTime()));
            } catch (RuntimeException e) {
                link.tracker.finished(false, System.nanoTime());
            }
        }
    }

    private Runnable bootstrapDeadline() {
        return () -> {
            if (ready.isDone() || state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.UNAVAILABLE;
            int n;
            synchronized (this) {
                n = attempts;
            }
            int attemptsMade = n;
            // The doctor looks at the server step by step (DNS, TCP, TLS, AUTH, PING) and can tell
            // causes apart that a driver exception alone cannot; it runs on a thread of its own.
            CompletableFuture.supplyAsync(this::doctorDiagnosis).whenComplete((doctor, error) -> {
                Diagnosis diagnosis = doctor != null ? doctor : lastDiagnosis != null ? lastDiagnosis
                        : Diagnosis.of(DiagnosisCode.TCP_TIMEOUT, "no connection attempt finished within the bootstrap budget");
                if (ready.isDone() || state == ConnectionState.CLOSED) {
                    return;
                }
                lastDiagnosis = diagnosis;
                log.bootstrapFailed(diagnosis, config.bootstrapBudget(), attemptsMade);
                ready.completeExceptionally(new RedisUnavailableException("could not connect to Redis at " + config.settings().host() + ":"
                        + config.settings().port() + " within " + config.bootstrapBudget().toMillis() + " ms", diagnosis, null));
            });
        };
    }

    /** The doctor's diagnosis of why the server cannot be used, or {@code null} when it finds none. */
    private Diagnosis doctorDiagnosis() {
        try {
            Duration timeout = config.settings().connectTimeout().compareTo(Duration.ofSeconds(3)) < 0
                    ? config.settings().connectTimeout() : Duration.ofSeconds(3);
            return DiagnosisProviders.diagnose(config.settings(), timeout).orElse(null);
        } catch (RuntimeException e) {
            LOG.debug("doctor failed: {}", e.toString());
            return null;
        }
    }

    private void publish(ConnectionEvent.Type type, Diagnosis diagnosis, Duration outage, int attempt) {
        ConnectionEvent event = new ConnectionEvent(type, Instant.now(), diagnosis, outage, attempt);
        try {
            client.getResources().eventBus().publish(event);
        } catch (RuntimeException e) {
            LOG.debug("event bus refused {}", type, e);
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("connection listener {} threw {}", listener, e.toString());
            }
        }
    }

    /** Closes the connection; commands fail with "not sent" from now on. Idempotent. */
    @Override
    public void close() {
        Link link;
        synchronized (this) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.CLOSED;
            link = current;
            current = null;
        }
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
        ScheduledFuture<?> s = scheduledAttempt;
        if (s != null) {
            s.cancel(false);
        }
        nextLink.completeExceptionally(new IllegalStateException("closed"));
        if (!ready.isDone()) {
            ready.completeExceptionally(new RedisUnavailableException("closed before the connection was ready", lastDiagnosis, null));
        }
        if (link != null) {
            link.retire(RedisOutcomeUnknownException.Reason.CONNECTION_LOST);
            link.connection.close();
        }
        publish(ConnectionEvent.Type.CLOSED, null, Duration.ZERO, 0);
    }
}
