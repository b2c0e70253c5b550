package dev.tether.redis.internal;

import dev.tether.config.RedisMode;
import dev.tether.config.TlsVerify;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.internal.FailureClassifier;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionListener;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.RedisUnavailableException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps one logical connection alive: connects (the readiness gate), replaces the physical
 * connection when it is lost, stalls or says the topology changed, paces reconnects, and reports
 * every change as an event and a quiet log.
 *
 * <p>Its state is ONE {@link SupervisorState} snapshot, replaced only inside {@code lock} by one
 * transition at a time and read without a lock; events are queued inside the transition and
 * delivered after it, in order, never after {@link ConnectionEvent.Type#CLOSED}. The jobs around
 * it are classes of their own: {@link ReconnectPacer} (when to retry), {@link StallWatchdog}
 * (stalls and idle pings), {@link CredentialRotation} (re-reading credentials),
 * {@link ReadinessGate} (bootstrap) and {@link ConnectionEvents} (delivery).
 *
 * <p>Lettuce's own reconnect is off: a lost connection is never revived, so nothing sent on it is
 * ever replayed, and a command refused while disconnected is never sent later. Thread-safe.
 */
public final class ConnectionSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    /** At most one topology-driven reconnect per this interval. */
    static final Duration TOPOLOGY_INTERVAL = Duration.ofSeconds(1);
    /** After the last deadline on a retired link, so the callers' own timers (100 ms wheel ticks) answer first. */
    static final Duration RETIRED_CLOSE_MARGIN = Duration.ofMillis(150);

    private final Connector connector;
    private final io.lettuce.core.resource.ClientResources resources;
    private final SupervisorConfig config;
    private final ScheduledExecutorService scheduler;
    private final CredentialRotation credentials;
    private final OutageLog log;
    private final ConnectionEvents events;
    private final ReadinessGate gate;
    private final ReconnectPacer pacer;
    private final StallWatchdog watchdog;
    /** Watches a single server's port while an attempt is pending; {@code null} for a cluster or Sentinel. */
    private final ReadinessProbe probe;
    /** A link was a cluster's ({@code REDIS_MODE=auto} found one): its connect is not one socket, the probe stays off. */
    private volatile boolean clusterSeen;
    private final long startNanos = System.nanoTime();
    private final Object lock = new Object();

    private volatile SupervisorState state = SupervisorState.initial();
    private volatile Diagnosis lastDiagnosis;
    /** Completes when the running connect attempt has settled; close() waits for it so nothing reaches a stopped event loop. */
    private CompletableFuture<Void> attemptSettled = CompletableFuture.completedFuture(null);
    /** The last attempt started; close() ends its readiness probe. */
    private ConnectAttempt latestAttempt;
    private volatile long lastTopologyRetireNanos;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> tick;
    /** The watchdog's first tick, on Lettuce's timer: then {@link #tick} on the executor. */
    private io.netty.util.Timeout firstTick;
    private io.netty.util.Timeout deadline;

    /**
     * @param scheduler   runs retries and the watchdog (Lettuce's computation executors: no thread of our own)
     * @param credentials the credentials this connection authenticates with (shared with the other connections)
     */
    public ConnectionSupervisor(RedisClient client, SupervisorConfig config, ScheduledExecutorService scheduler, CredentialRotation credentials) {
        this(new StandaloneConnector(client, LettuceSetup.uri(config.settings(), credentials::current),
                config.settings().host() + ":" + config.settings().port()), client.getResources(), config, scheduler, credentials);
    }

    /**
     * @param connector opens the physical connection: one server, Sentinel's primary, or a cluster (see {@link Connectors})
     */
    public ConnectionSupervisor(Connector connector, io.lettuce.core.resource.ClientResources resources, SupervisorConfig config,
                                ScheduledExecutorService scheduler, CredentialRotation credentials) {
        this.connector = connector;
        this.resources = resources;
        this.config = config;
        // One executor of the group for every task of this connection: one thread to start, not one per task.
        this.scheduler = scheduler instanceof io.netty.util.concurrent.EventExecutorGroup group ? group.next() : scheduler;
        this.credentials = credentials;
        this.log = new OutageLog(config.name(), connector.describe());
        this.events = new ConnectionEvents(resources.eventBus());
        this.gate = new ReadinessGate(config.settings(), config.bootstrapBudget());
        this.pacer = new ReconnectPacer(config.backoffMin(), config.backoffMax());
        this.watchdog = new StallWatchdog(config, this::link, this::stalled);
        RedisMode mode = config.settings().mode();
        this.probe = mode == RedisMode.STANDALONE || mode == RedisMode.AUTO
                ? new ReadinessProbe(config.settings().host(), config.settings().port(), scheduler) : null;
        connector.onPrimaryMoved(() -> primaryMoved("Sentinel announced a failover (its primary is moving)"));
    }

    /** Starts connecting (the first attempt begins on the calling thread, without blocking); returns at once. */
    public void start() {
        if (config.settings().tls() && config.settings().tlsVerify() == TlsVerify.NONE) {
            log.warn("TLS certificate verification is OFF for {} (REDIS_TLS_VERIFY=none): any certificate is accepted, including an attacker's",
                    config.settings().host());
        }
        synchronized (lock) {
            // On Lettuce's timer, already running: no executor thread starts before the first connect.
            // The watchdog starts with the first connection (before it there is nothing to watch).
            deadline = resources.timer().newTimeout(t -> schedule(this::bootstrapExpired, 0, 0),
                    config.bootstrapBudget().toNanos(), TimeUnit.NANOSECONDS);
        }
        attempt();
    }

    /** Whether a connection was ever up (false while bootstrapping). */
    boolean everConnected() {
        return state.everConnected();
    }

    public SupervisorConfig config() {
        return config;
    }

    public ConnectionState state() {
        return state.phase();
    }

    /** Completes when the first connection is up; fails with the diagnosis when the bootstrap budget runs out. */
    public CompletableFuture<Void> ready() {
        return gate.future();
    }

    /**
     * Blocks until the first connection is up; throws what {@link #ready()} fails with. Wakes as soon
     * as the connection is up (the future of {@link #ready()} completes one executor hop later).
     */
    public void awaitReady(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        gate.await(timeout, unit);
    }

    public void addListener(ConnectionListener listener) {
        events.add(listener);
    }

    public void removeListener(ConnectionListener listener) {
        events.remove(listener);
    }

    /** The last classified failure, or {@code null}. */
    public Diagnosis lastDiagnosis() {
        return lastDiagnosis;
    }

    /** Why {@code error} happened as the connector knows it (a cluster's unroutable node address), else {@link #lastDiagnosis()}. */
    Diagnosis diagnosisOf(Throwable error) {
        Diagnosis d = error == null ? null : connector.diagnose(error);
        return d != null ? d : lastDiagnosis;
    }

    boolean closed() {
        return state.closed();
    }

    /** The live link, or {@code null} when disconnected. */
    Link link() {
        Link link = state.link();
        return link != null && link.usable() ? link : null;
    }

    /**
     * The live link; when there is none, asks for an early reconnect and waits up to the configured
     * disconnected wait. Returns {@code null} when still disconnected.
     */
    Link awaitLink() {
        SupervisorState s = state;
        Link link = s.link();
        if (link != null && link.usable()) {
            return link;
        }
        demand();
        Duration wait = config.disconnectedWait();
        if (wait.isZero() || s.closed()) {
            return null;
        }
        try {
            // The future of the snapshot read above: a link that came up since then completed it.
            Link next = s.nextLink().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return next.usable() ? next : link();
        } catch (TimeoutException | ExecutionException e) {
            return link();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Someone needs the connection now (a command, or a thread waiting at the readiness gate):
     * bring the first retry of this outage forward. Later retries keep their backoff whatever the
     * traffic (see {@link ReconnectPacer}).
     */
    public void demand() {
        synchronized (lock) {
            SupervisorState s = state;
            if (!s.mayAttempt() || !ReconnectPacer.demandMayShorten(s.demandSpent(), lastDiagnosis)) {
                return;
            }
            state = s.demandUsed();
        }
        attempt();
    }

    /** A caller got tether's failure for a command on this connection: tell the listeners. */
    void reportCommandFailure(RuntimeException failure) {
        events.commandFailed(failure);
    }

    /** A link's command failed with a connection-level error: remember it for the outage's cause. */
    void commandFailed(Link link, Throwable error) {
        link.recordError(error);
    }

    private void attempt() {
        int attempt;
        CompletableFuture<Void> settled = new CompletableFuture<>();
        synchronized (lock) {
            SupervisorState s = state;
            if (!s.mayAttempt()) {
                return;
            }
            state = s.attemptStarted();
            attempt = s.failures() + 1;
            attemptSettled = settled;
            cancel(retry);
            retry = null;
        }
        ConnectAttempt running = new ConnectAttempt(this, connector, probe, config.name(), attempt, settled);
        synchronized (lock) {
            latestAttempt = running;
        }
        running.start();
    }

    /**
     * Whether a pending attempt may be watched by the {@link ReadinessProbe}: one server (a Sentinel's or
     * a cluster's connect is not one socket), early in an outage (or the bootstrap) in which Redis was not
     * reached or stopped answering, as long as the pacer keeps its short step.
     */
    boolean mayProbe() {
        SupervisorState s = state;
        Diagnosis cause = lastDiagnosis;
        return probe != null && !clusterSeen && !s.closed() && s.link() == null && outageAge(s) < ReconnectPacer.FAST_WINDOW.toNanos()
                && (cause == null || ReconnectPacer.unreached(cause) || cause.code() == DiagnosisCode.SERVER_UNRESPONSIVE);
    }

    void connected(StatefulConnection<String, String> connection) {
        long now = System.nanoTime();
        Link link = new Link(connection, now, error -> errorReply(connection, error));
        if (link.cluster() != null) {
            clusterSeen = true;
        }
        SupervisorState before;
        synchronized (lock) {
            before = state;
            if (before.closed()) {
                state = before.attemptAbandoned();
            } else {
                state = before.connected(link);
                events.enqueue(before.everConnected()
                        ? event(ConnectionEvent.Type.RECOVERED, null, Duration.ofNanos(now - before.outageStart()), 0)
                        : event(ConnectionEvent.Type.CONNECTED, null, Duration.ZERO, 0));
            }
        }
        if (before.closed()) {
            connection.closeAsync();
            return;
        }
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
                if (link.cluster() == null) {
                    lost(link, null);
                } else {
                    // one node's connection: Lettuce reconnects it (no replay); its slots may have moved
                    connector.topologyChanged();
                }
            }

            @Override
            public void onRedisExceptionCaught(RedisChannelHandler<?, ?> c, Throwable cause) {
                link.recordError(cause);
            }
        });
        before.nextLink().complete(link);
        if (before.everConnected()) {
            log.recovered(Duration.ofNanos(now - before.outageStart()));
        } else {
            log.connected(Duration.ofNanos(now - startNanos));
            gate.open(scheduler);
            synchronized (lock) {
                if (deadline != null) {
                    deadline.cancel();
                }
                if (watchdog.enabled() && tick == null && firstTick == null && !state.closed()) {
                    // The first tick waits on Lettuce's timer (running already): the executor's thread
                    // starts one tick after the connection is up, not on the bootstrap's path.
                    long every = watchdog.tick().toNanos();
                    firstTick = resources.timer().newTimeout(t -> startWatchdog(every), every, TimeUnit.NANOSECONDS);
                }
            }
        }
        events.deliver();
        if (!link.usable()) {
            lost(link, null);
        }
    }

    /** Since the outage began, or since start while bootstrapping. */
    private long outageAge(SupervisorState s) {
        return System.nanoTime() - (s.everConnected() ? s.outageStart() : startNanos);
    }

    /** @param synsLost the readiness probe saw SYNs lost while the attempt was pending */
    void failed(Throwable error, int attempt, boolean synsLost) {
        Diagnosis diagnosis = FailureClassifier.classify(error, config.settings().tls(), state.everConnected());
        if (synsLost && (diagnosis.code() == DiagnosisCode.TLS_EXPECTED || diagnosis.code() == DiagnosisCode.CONNECTION_CLOSED)) {
            // A connect cut at its deadline closes its channel, which alone reads as "closed before answering"
            // (TLS_EXPECTED on plaintext); the probe saw the path drop SYNs meanwhile, which says what happened.
            diagnosis = Diagnosis.of(DiagnosisCode.TCP_TIMEOUT, "the TCP connect got no answer in time (SYNs to the port were being lost)");
        }
        lastDiagnosis = diagnosis;
        LOG.debug("{} connect attempt {} to {} failed", config.name(), attempt, connector.describe(), error);
        boolean bootstrapping;
        synchronized (lock) {
            SupervisorState s = state;
            if (s.closed()) {
                state = s.attemptAbandoned();
                return;
            }
            state = s.attemptFailed();
            bootstrapping = !s.everConnected();
            events.enqueue(event(ConnectionEvent.Type.RECONNECT_FAILED, diagnosis, Duration.ZERO, attempt));
            retry = schedule(this::attempt, pacer.delayNanos(state.failures(), diagnosis, outageAge(state)), 0);
        }
        if (bootstrapping && attempt == 1) {
            LOG.info("Connecting {} to Redis at {}:{} failed: {} ({}); retrying for up to {} ms", config.name(), config.settings().host(),
                    config.settings().port(), diagnosis.code(), diagnosis.message(), config.bootstrapBudget().toMillis());
        } else {
            log.attemptFailed(diagnosis, attempt);
        }
        if (diagnosis.code() == DiagnosisCode.AUTH_FAILED || diagnosis.code() == DiagnosisCode.AUTH_REQUIRED) {
            credentials.refused().thenAccept(changed -> {
                if (changed) {
                    attempt();
                }
            });
        }
        events.deliver();
    }

    private void stalled(Link link) {
        lost(link, RedisOutcomeUnknownException.Reason.STALLED);
    }

    private void lost(Link link, RedisOutcomeUnknownException.Reason reason) {
        boolean stall = reason == RedisOutcomeUnknownException.Reason.STALLED;
        link.retire(stall ? reason : RedisOutcomeUnknownException.Reason.CONNECTION_LOST);
        Diagnosis diagnosis = stall
                ? new Diagnosis(DiagnosisCode.SERVER_UNRESPONSIVE, "commands waited past their own timeout and nothing arrived (stall); "
                + "the connection was replaced", DiagnosisCode.SERVER_UNRESPONSIVE.hint())
                : link.lastError() != null ? FailureClassifier.classify(link.lastError(), config.settings().tls())
                : Diagnosis.of(DiagnosisCode.CONNECTION_CLOSED, "the server or a proxy closed the connection");
        if (!replace(link, diagnosis, stall ? ConnectionEvent.Type.STALLED : ConnectionEvent.Type.DISCONNECTED)) {
            return;
        }
        if (stall) {
            closeWhenDue(link);
        } else {
            link.connection.closeAsync();
        }
        log.lost(diagnosis);
        events.deliver();
    }

    /**
     * Closes a retired link (stalled, or replaced after a topology signal) once every command on it
     * is answered or past its OWN deadline (plus a margin for the callers' timers). New commands go
     * to its replacement already; the ones written on it keep their promise: each fails only at its
     * own timeout, and gets its reply if the server comes back first.
     */
    private void closeWhenDue(Link link) {
        long wait = link.tracker.untilLastDeadlineNanos(System.nanoTime());
        if (wait <= 0 || state.closed() || schedule(() -> closeWhenDue(link), wait + RETIRED_CLOSE_MARGIN.toNanos(), 0) == null) {
            link.closeByTether();
        }
    }

    /** One transition: the link is gone; schedule the first retry. False when it was not the current link any more. */
    private boolean replace(Link link, Diagnosis diagnosis, ConnectionEvent.Type type) {
        synchronized (lock) {
            SupervisorState s = state;
            if (s.link() != link || s.closed()) {
                return false;
            }
            state = s.lost(System.nanoTime());
            lastDiagnosis = diagnosis;
            events.enqueue(event(type, diagnosis, Duration.ZERO, 0));
            cancel(retry);
            retry = schedule(this::attempt, pacer.delayNanos(0, diagnosis, 0), 0);
            return true;
        }
    }

    /**
     * An error reply on a live connection: a topology signal ({@code READONLY}, {@code MOVED},
     * {@code CLUSTERDOWN}, {@code LOADING}) retires it (rate-limited): commands already on it finish
     * or time out, new ones wait for a fresh connection made with a fresh address lookup.
     */
    private void errorReply(StatefulConnection<String, String> connection, Throwable error) {
        String code = TopologySignal.of(error);
        if (code == null) {
            return;
        }
        Link link = state.link();
        if (link != null && link.cluster() != null) {
            // MOVED/ASK are followed by Lettuce's cluster client; READONLY and CLUSTERDOWN have no trigger of its own
            connector.topologyChanged();
            return;
        }
        retireForTopology(link, connection, code + ": " + TopologySignal.meaning(code), code);
    }

    /** Sentinel's primary is moving: retire the live connection as a READONLY reply would, without the rate limit. */
    private void primaryMoved(String why) {
        Link link = state.link();
        if (link != null) {
            retireForTopology(link, link.connection, why, null);
        }
    }

    /**
     * A command got no reply within its timeout; called before its caller learns it. On a single
     * server, the watchdog judges the connection now rather than at its next tick: when it is stalled,
     * the caller's next command goes to a fresh connection instead of waiting out its own timeout on
     * the silent one. On a cluster its node may be frozen or cut off: no redirect and no reconnect will
     * tell Lettuce, so ask for a topology refresh (rate-limited) that sees the replica the cluster
     * promotes.
     */
    void replyOverdue() {
        Link link = state.link();
        if (link == null) {
            return;
        }
        if (link.cluster() != null) {
            connector.topologyChanged();
        } else if (watchdog.enabled()) {
            watchdog.check(System.nanoTime());
        }
    }

    /** A node refused a command because its connection is down: on a cluster its slots may have moved. */
    void nodeUnavailable(Link link) {
        if (link.cluster() != null) {
            connector.topologyChanged();
        }
    }

    private void retireForTopology(Link link, StatefulConnection<String, String> connection, String why, String code) {
        long now = System.nanoTime();
        // only replies are rate-limited: a connector's signal (a Sentinel failover starting) comes once per failover and
        // must not be swallowed by a READONLY retire a moment before
        if (link == null || link.connection != connection || code != null && now - lastTopologyRetireNanos < TOPOLOGY_INTERVAL.toNanos()) {
            return;
        }
        lastTopologyRetireNanos = now;
        link.retire(RedisOutcomeUnknownException.Reason.CONNECTION_LOST);
        Diagnosis diagnosis = Diagnosis.of(DiagnosisCode.CONNECTION_CLOSED, code != null ? "the server answered " + why : why);
        if (!replace(link, diagnosis, ConnectionEvent.Type.DISCONNECTED)) {
            return;
        }
        LettuceSetup.refreshAddress(resources, config.settings().host());
        LOG.warn("Redis {} at {} {}; replacing the connection (fresh address lookup)", config.name(), connector.describe(),
                code != null ? "answered " + why : why);
        closeWhenDue(link);
        events.deliver();
    }

    private void bootstrapExpired() {
        int attempts;
        synchronized (lock) {
            SupervisorState s = state;
            if (s.phase() != ConnectionState.CONNECTING) {
                return;
            }
            state = s.bootstrapExpired();
            attempts = s.failures();
        }
        gate.diagnose(lastDiagnosis).thenAccept(diagnosis -> {
            if (state.closed() || gate.settled()) {
                return;
            }
            lastDiagnosis = diagnosis;
            gate.fail(diagnosis, attempts, log);
        });
    }

    private ConnectionEvent event(ConnectionEvent.Type type, Diagnosis diagnosis, Duration outage, int attempt) {
        return new ConnectionEvent(type, Instant.now(), diagnosis, outage, attempt);
    }

    private void startWatchdog(long everyNanos) {
        synchronized (lock) {
            if (tick == null && !state.closed()) {
                tick = schedule(() -> watchdog.check(System.nanoTime()), 0, everyNanos);
            }
        }
    }

    /**
     * Runs {@code task} on the shared executor after {@code delayNanos}, waiting on Lettuce's timer
     * (already running) rather than the executor, so no executor thread starts for a deadline that is
     * usually cancelled. Null when the timer is stopped.
     */
    io.netty.util.Timeout after(Runnable task, long delayNanos) {
        try {
            return resources.timer().newTimeout(t -> schedule(task, 0, 0), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException stopped) {
            return null;
        }
    }

    /** Schedules on the shared executor; {@code period} 0 for once. Null when the executor is shutting down. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos, long periodNanos) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("tether supervisor task failed: {}", e.toString(), e);
            }
        };
        try {
            return periodNanos > 0 ? scheduler.scheduleAtFixedRate(guarded, delayNanos, periodNanos, TimeUnit.NANOSECONDS)
                    : scheduler.schedule(guarded, delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    /**
     * Closes the connection: from now on commands fail with "not sent"; commands already written
     * get their replies until {@code drainDeadline}, then the connection closes. No event is
     * delivered after {@link ConnectionEvent.Type#CLOSED}. Idempotent.
     */
    public void close(Duration drainDeadline) {
        SupervisorState before;
        CompletableFuture<Void> settling;
        ConnectAttempt attempt;
        synchronized (lock) {
            before = state;
            if (before.closed()) {
                return;
            }
            state = before.closedNow();
            settling = attemptSettled;
            attempt = latestAttempt;
            events.enqueue(event(ConnectionEvent.Type.CLOSED, null, Duration.ZERO, 0));
            cancel(tick);
            cancel(retry);
            if (firstTick != null) {
                firstTick.cancel();
            }
            if (deadline != null) {
                deadline.cancel();
            }
        }
        if (attempt != null) {
            attempt.endWatch(); // no probe socket outlives the client
        }
        before.nextLink().completeExceptionally(new IllegalStateException("closed"));
        gate.fail(new RedisUnavailableException("closed before the connection was ready", lastDiagnosis, null));
        Link link = before.link();
        long end = System.nanoTime() + drainDeadline.toNanos();
        if (link != null) {
            drain(link, end);
            link.retire(RedisOutcomeUnknownException.Reason.CONNECTION_LOST);
            await(link.connection.closeAsync(), end);
        }
        // An attempt started before close() must reach Netty before the event loops stop (a late
        // connect logs RejectedExecutionException); a refused or answered one settles in
        // milliseconds (on a busy machine a few hundred: 200 ms was too short at load 10), one
        // hanging in its handshake is cut by the client's shutdown after this bound.
        await(settling, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        events.drain(TimeUnit.SECONDS.toNanos(1));
    }

    @Override
    public void close() {
        close(config.commandTimeout() != null ? config.commandTimeout() : Duration.ZERO);
    }

    /** Waits (bounded) until the commands written on {@code link} have their replies. */
    private static void drain(Link link, long endNanos) {
        while (link.tracker.outstanding() > 0 && link.usable() && System.nanoTime() - endNanos < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void await(CompletableFuture<?> future, long endNanos) {
        try {
            future.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
