package dev.tether.redis;

import dev.tether.config.Arguments;
import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.redis.internal.CommandFacade;
import dev.tether.redis.internal.ConnectionRole;
import dev.tether.redis.internal.ConnectionSupervisor;
import dev.tether.redis.internal.Connector;
import dev.tether.redis.internal.Connectors;
import dev.tether.redis.internal.CredentialRotation;
import dev.tether.redis.internal.DedicatedConnections;
import dev.tether.redis.internal.LettuceLogTaming;
import dev.tether.redis.internal.LettuceSetup;
import dev.tether.redis.internal.PipeliningConnection;
import dev.tether.redis.internal.ProviderPreset;
import dev.tether.redis.internal.SelfHealingConnections;
import dev.tether.redis.internal.SupervisorFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * ONE Redis connection for the whole process: one {@link ClientResources}, one {@link RedisClient}
 * and one {@link StatefulRedisConnection} that all application code, queues and workers share.
 * Asking again returns the same objects; they stay valid while tether replaces the physical
 * connection underneath.
 *
 * <pre>{@code
 * SharedRedis redis = SharedRedis.get();          // settings from env, .env, Doppler...
 * redis.awaitReady(Duration.ofSeconds(30));       // readiness gate: start workers after this
 * redis.sync().set("k", "v");
 * }</pre>
 *
 * <h2>Guarantees on failure</h2>
 * <ul>
 * <li>While disconnected, a command fails at once with {@link RedisNotSentException} (or after
 *     the bounded {@link Builder#disconnectedWait(Duration)}): it was never written and never will
 *     be. There is no unbounded queue and no replay.</li>
 * <li>A command written but not answered fails with {@link RedisOutcomeUnknownException}: at its
 *     own timeout ({@code TIMEOUT}, or {@code STALLED} when the stall watchdog found its connection
 *     not making progress meanwhile), or when the connection drops ({@code CONNECTION_LOST}). It
 *     may have been applied. The watchdog never acts while the oldest waiting command is inside its
 *     own timeout (a slow script within its timeout succeeds); when it replaces a connection, new
 *     commands go to the new one at once, and the old one stays open until every command on it is
 *     answered or past its own deadline: no command fails before its own timeout.</li>
 * <li>Replies are never delivered to the wrong command: a connection is never reused after a loss.</li>
 * <li>Reconnects use capped exponential backoff with equal jitter (at most about 60 attempts a
 *     minute at the default 2 s cap, 12 after "max clients"/"loading"-type refusals); a command or
 *     a readiness waiter may bring only the first retry of an outage forward.</li>
 * <li>A standalone connection answering {@code READONLY}, {@code MOVED}, {@code CLUSTERDOWN} or
 *     {@code LOADING} (a failover behind a DNS name) is replaced, with a fresh address lookup; a new
 *     connection counts as up only once its server answers {@code PING}, so a server still loading its
 *     dataset after a restart is waited out (commands meanwhile fail "not sent", never {@code LOADING}).</li>
 * <li>Credentials are re-read from the {@link Builder#credentialsSource(Supplier) source} on every
 *     authentication failure (rate-limited, off the event loop); dedicated connections start from
 *     the current ones.</li>
 * <li>No {@link ConnectionListener} is called after {@link #close()} returns.</li>
 * </ul>
 *
 * <h2>Cluster and Sentinel</h2>
 * The same views whatever {@link RedisSettings#mode()} says: on a Redis Cluster they send through
 * Lettuce's cluster client (topology refresh on by default; a multi-key command whose keys hash to
 * different slots is refused before sending with {@link CrossSlotException}; transactions are
 * refused), on Sentinel to the primary the sentinels name at each connect and after each
 * {@code +switch-master}; {@code auto} with one address asks the server ({@code INFO cluster}).
 * The guarantees above hold per node. See {@code docs/cluster.md}.
 *
 * <h2>Command kinds</h2>
 * A command whose effect belongs to one physical connection is refused on the shared one with
 * {@link CommandRefusedException} (nothing sent), on the sync, async and reactive views, the
 * connection and raw {@code dispatch} alike; the message names the safe way:
 * {@code MULTI}/{@code EXEC}/{@code WATCH} → {@link #transaction(TransactionBody)};
 * blocking reads ({@code BLPOP}, {@code XREADGROUP ... BLOCK}, {@code WAIT}) → {@link #dedicated()};
 * {@code setAutoFlushCommands} → {@link #pipeline(Consumer)}; {@code SELECT}, {@code AUTH},
 * {@code CLIENT SETNAME} → settings. The full table is {@code docs/command-kinds.md}.
 * The {@link #reactive()} view keeps the same guarantees as sync and async across reconnects;
 * {@link #withTimeout(Duration)} gives one call more time.
 *
 * <p>Thread-safe.
 */
public final class SharedRedis implements AutoCloseable {
    private static final Object PROCESS_LOCK = new Object();
    private static volatile SharedRedis processWide;

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final Connector connector;
    private final ConnectionSupervisor supervisor;
    private final CommandFacade facade;
    private final DedicatedConnections dedicated;
    private final PipeliningConnection pipeline;
    private final SelfHealingConnections selfHealing;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SharedRedis(Builder b) {
        LettuceLogTaming.apply();
        this.settings = b.settings;
        this.resources = LettuceSetup.resources(b.addressMapping, b.resourcesCustomizer);
        this.client = RedisClient.create(resources);
        this.client.setOptions(LettuceSetup.clientOptions(settings));
        // Retries and the watchdog run on Lettuce's computation executors: no thread of tether's own to start.
        ScheduledExecutorService scheduler = resources.eventExecutorGroup();
        CredentialRotation credentials = new CredentialRotation(settings, b.credentialsSource);
        Duration stall = b.stallTimeout != null ? b.stallTimeout : settings.commandTimeout().dividedBy(2);
        Duration idlePing = b.idlePing != null ? b.idlePing : ProviderPreset.of(settings.provider()).idlePing();
        this.connector = Connectors.create(settings, resources, client, credentials);
        SupervisorFactory supervisors = new SupervisorFactory(settings, connector, resources, scheduler, credentials,
                b.disconnectedWait, b.backoffMin, b.backoffMax);
        this.supervisor = supervisors.supervisor("shared connection", settings.commandTimeout(), b.bootstrapBudget, stall, idlePing);
        this.facade = supervisors.facade(supervisor, ConnectionRole.SHARED, settings.commandTimeout());
        this.dedicated = new DedicatedConnections(supervisors, settings, b.maxDedicated, b.dedicatedCommandTimeout, facade);
        this.pipeline = new PipeliningConnection(supervisors, settings);
        this.selfHealing = new SelfHealingConnections(resources, settings, b.credentialsSource, supervisor::lastDiagnosis);
        b.listeners.forEach(supervisor::addListener);
        supervisor.start();
    }

    /**
     * The process-wide instance, started on first use from {@link TetherConfig#defaults()}; its
     * credentials are re-read from the same sources when the server refuses them. Closed by a
     * shutdown hook.
     *
     * @throws dev.tether.config.InvalidSettingsException when the settings have errors (all of them listed)
     */
    public static SharedRedis get() {
        SharedRedis instance = processWide;
        if (instance == null) {
            synchronized (PROCESS_LOCK) {
                instance = processWide;
                if (instance == null) {
                    TetherConfig config = TetherConfig.defaults();
                    instance = builder(config.resolve().requireValid()).credentialsSource(() -> config.resolve().requireValid()).start();
                    SharedRedis started = instance;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tether-redis-shutdown"));
                    processWide = instance;
                }
            }
        }
        return instance;
    }

    /** A builder for an instance you own (tests, or a DI container that manages its lifecycle). */
    public static Builder builder(RedisSettings settings) {
        return new Builder(settings);
    }

    /** Starts an instance with default options. */
    public static SharedRedis start(RedisSettings settings) {
        return builder(settings).start();
    }

    /** The shared connection. Its {@code close()} is ignored: close this {@link SharedRedis} instead. */
    public StatefulRedisConnection<String, String> connection() {
        return facade.connection();
    }

    /** Synchronous commands on the shared connection. */
    public RedisCommands<String, String> sync() {
        return facade.sync();
    }

    /** Asynchronous commands on the shared connection; futures fail with tether's typed exceptions. */
    public RedisAsyncCommands<String, String> async() {
        return facade.async();
    }

    /**
     * Reactive commands on the shared connection: each subscription goes to the connection live at
     * that moment (the view survives reconnects), with the same refusals, timeouts and typed
     * failures as {@link #sync()} and {@link #async()}.
     */
    public RedisReactiveCommands<String, String> reactive() {
        return facade.reactive();
    }

    /**
     * The shared connection's views with another command timeout, for one slow script or big
     * {@code SCAN}: its commands fail only after {@code timeout}, and the stall watchdog does not
     * count their wait as a stall before then.
     *
     * @throws IllegalArgumentException when {@code timeout} is null, zero or negative
     */
    public CommandViews withTimeout(Duration timeout) {
        CommandFacade timed = facade.withTimeout(Arguments.positive(timeout, "timeout"));
        return new CommandViews() {
            @Override
            public RedisCommands<String, String> sync() {
                return timed.sync();
            }

            @Override
            public RedisAsyncCommands<String, String> async() {
                return timed.async();
            }

            @Override
            public RedisReactiveCommands<String, String> reactive() {
                return timed.reactive();
            }
        };
    }

    /**
     * Runs a transaction on a connection of its own (reused between transactions), so no other
     * thread's command can land inside it: the body may {@link Transaction#watch(String...)} and
     * read, then {@link Transaction#multi()} and queue; tether sends {@code EXEC} when it returns
     * and {@code DISCARD} when it throws (the exception is rethrown). Every command waits at most
     * the command timeout. A {@code WATCH} abort is an outcome, not an exception: see
     * {@link TransactionOutcome#aborted()} and {@link #transaction(int, TransactionBody)}.
     *
     * @throws RedisNotSentException          when the connection is down or was lost before {@code EXEC} (nothing applied)
     * @throws RedisOutcomeUnknownException   when {@code EXEC} got no reply (it may have been applied)
     * @throws IllegalStateException          when every dedicated connection slot is in use
     */
    public <T> TransactionOutcome<T> transaction(TransactionBody<T> body) {
        return transaction(1, body);
    }

    /**
     * {@link #transaction(TransactionBody)}, run again while a watched key changed, at most
     * {@code maxAttempts} times; returns the last outcome (still {@link TransactionOutcome#aborted()}
     * when every attempt was).
     */
    public <T> TransactionOutcome<T> transaction(int maxAttempts, TransactionBody<T> body) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(body, "body");
        TransactionOutcome<T> outcome = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            outcome = dedicated.transaction(body, attempt);
            if (!outcome.aborted()) {
                return outcome;
            }
        }
        return outcome;
    }

    /**
     * Pipelining that does not stop anyone else's flushing: {@code batch} queues commands on a
     * connection of tether's whose auto-flush is off (opened on first use, supervised like the
     * shared one), they are written in one flush when it returns, and this waits for every reply
     * (at most the command timeout after the flush). Returns the replies in order; a Redis error
     * reply appears in its place as the {@link io.lettuce.core.RedisCommandExecutionException}.
     * Blocking and per-connection commands are refused as on the shared connection.
     *
     * @throws RedisNotSentException        when the connection is down (after the batch's other commands finished)
     * @throws RedisOutcomeUnknownException when a reply did not come in time or the connection was lost
     */
    public List<Object> pipeline(Consumer<RedisAsyncCommands<String, String>> batch) {
        Objects.requireNonNull(batch, "batch");
        return pipeline.run(batch);
    }

    /**
     * A subscriber connection that resubscribes after every reconnect and reports the
     * {@link SubscriptionGap} in which messages may have been missed. Not counted against the
     * dedicated connections; close it when done.
     *
     * @throws RedisUnavailableException when it cannot connect now
     */
    public PubSubConnection pubSub() {
        return selfHealing.pubSub();
    }

    /**
     * A client-side cache for string values: {@code CLIENT TRACKING} on a connection of its own,
     * re-enabled after every reconnect, with the local cache emptied each time. Close it when done.
     *
     * @throws RedisUnavailableException when it cannot connect now
     * @throws CommandRefusedException   on a Redis Cluster: {@code CLIENT TRACKING} is per node, so entries
     *                                   cached before a failover would never be invalidated (see docs/cluster.md)
     */
    public ClientSideCache clientSideCache() {
        return selfHealing.clientSideCache();
    }

    /**
     * A connection of its own for a blocking consumer, connected before it is returned. Commands
     * on it time out after {@link Builder#dedicatedCommandTimeout(Duration)} (default: the command
     * timeout); blocking ones after their own block time plus that.
     *
     * @throws IllegalStateException      when {@link Builder#maxDedicatedConnections(int)} are open
     * @throws RedisUnavailableException when it cannot connect within the connect timeout
     */
    public DedicatedConnection dedicated() {
        return dedicated.open();
    }

    /** How many dedicated connections are open. */
    public int dedicatedCount() {
        return dedicated.count();
    }

    /** Completes when the first connection is up; fails with {@link RedisUnavailableException} when the bootstrap budget runs out. */
    public CompletableFuture<Void> ready() {
        return supervisor.ready();
    }

    /**
     * Blocks until the connection is up: the readiness gate for workers.
     *
     * @throws RedisUnavailableException with the diagnosis when it is not up within {@code timeout}
     *                                   or the bootstrap budget ran out
     */
    public void awaitReady(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (state() == ConnectionState.CONNECTED) {
            return;
        }
        // A waiter counts as demand: it may bring the first retry forward, never later ones.
        supervisor.demand();
        try {
            supervisor.awaitReady(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("Redis at " + settings.host() + ":" + settings.port() + " not ready within " + timeout.toMillis() + " ms",
                    supervisor.lastDiagnosis(), null);
        } catch (ExecutionException e) {
            if (state() == ConnectionState.CONNECTED) {
                return;
            }
            throw e.getCause() instanceof RedisUnavailableException u ? u
                    : new RedisUnavailableException("Redis not ready", supervisor.lastDiagnosis(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted while waiting for Redis", supervisor.lastDiagnosis(), e);
        }
    }

    public ConnectionState state() {
        return supervisor.state();
    }

    /** The last classified connection failure, or {@code null}. */
    public Diagnosis lastDiagnosis() {
        return supervisor.lastDiagnosis();
    }

    /**
     * Adds a listener for connection events (also published on Lettuce's event bus) and for each
     * command of the shared connection that fails because of the connection
     * ({@link ConnectionListener#onCommandFailed(RuntimeException)}).
     */
    public void addListener(ConnectionListener listener) {
        supervisor.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ConnectionListener listener) {
        supervisor.removeListener(listener);
    }

    public RedisSettings settings() {
        return settings;
    }

    /** The one {@link RedisClient}, for integrations that need it (its options are tether's). */
    public RedisClient client() {
        return client;
    }

    /** The one {@link ClientResources} (event bus, timers, event loops). */
    public ClientResources resources() {
        return resources;
    }

    /**
     * Closes dedicated connections and the shared connection (commands already written get their
     * replies, up to the command timeout), then the client and its resources. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dedicated.close();
        pipeline.close();
        selfHealing.close();
        supervisor.close();
        connector.close();
        // Nothing is pending on the event loops any more (connections closed and awaited, connect
        // attempts settled), so no quiet period is needed to keep Netty from rejecting late tasks.
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2000, TimeUnit.MILLISECONDS);
        synchronized (PROCESS_LOCK) {
            if (processWide == this) {
                processWide = null;
            }
        }
    }

    /** Options for a {@link SharedRedis}; not thread-safe. Arguments are checked at the door. */
    public static final class Builder {
        private final RedisSettings settings;
        private Duration disconnectedWait = Duration.ZERO;
        private Duration bootstrapBudget = Duration.ofSeconds(30);
        private Duration backoffMin = Duration.ofMillis(10);
        private Duration backoffMax = Duration.ofSeconds(2);
        private Duration stallTimeout;
        private Duration idlePing;
        private Duration dedicatedCommandTimeout;
        private int maxDedicated = 16;
        private Supplier<RedisSettings> credentialsSource;
        private UnaryOperator<InetSocketAddress> addressMapping = UnaryOperator.identity();
        private Consumer<ClientResources.Builder> resourcesCustomizer = b -> {
        };
        private final java.util.List<ConnectionListener> listeners = new java.util.ArrayList<>();

        private Builder(RedisSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** How long a command may wait for the connection while disconnected; default zero (fail fast). */
        public Builder disconnectedWait(Duration wait) {
            this.disconnectedWait = Arguments.nonNegative(wait, "disconnectedWait");
            return this;
        }

        /** How long the first connection may take before the readiness gate fails; default 30 s. */
        public Builder bootstrapBudget(Duration budget) {
            this.bootstrapBudget = Arguments.positive(budget, "bootstrapBudget");
            return this;
        }

        /** Reconnect backoff: first delay and cap; defaults 10 ms and 2 s, each delay between half and all of its exponential step. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            Arguments.positive(min, "min");
            Arguments.positive(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("max must be >= min");
            }
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /**
         * Stall threshold: a connection whose oldest waiting command is past its own timeout and
         * that received nothing for this long, and then nothing for a probe {@code PING} either
         * (up to 500 ms), is replaced; default half the command timeout.
         */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = Arguments.positive(timeout, "stallTimeout");
            return this;
        }

        /** PING an idle connection this often; default from the provider preset. */
        public Builder idlePing(Duration interval) {
            this.idlePing = Arguments.positive(interval, "idlePing");
            return this;
        }

        /** Reply timeout on dedicated connections; default the command timeout (blocking commands add their own block time). */
        public Builder dedicatedCommandTimeout(Duration timeout) {
            this.dedicatedCommandTimeout = Arguments.positive(timeout, "dedicatedCommandTimeout");
            return this;
        }

        /** At most this many dedicated connections at once; default 16. */
        public Builder maxDedicatedConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxDedicatedConnections must be >= 0, was " + max);
            }
            this.maxDedicated = max;
            return this;
        }

        /** Where to re-read credentials when the server refuses them (rotation); default none. */
        public Builder credentialsSource(Supplier<RedisSettings> source) {
            this.credentialsSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Customizes the one {@link ClientResources} before tether builds it: Lettuce's command latency
         * ({@code commandLatencyRecorder(...)}, e.g. Micrometer timers through {@code tether-metrics}'
         * {@code LettuceInstrumentation}), tracing ({@code tracing(...)}: Lettuce's {@code MicrometerTracing}
         * for Micrometer Tracing with Brave or OpenTelemetry, or {@code BraveTracing}), event bus and
         * thread pool options. Runs once, when {@link #start()} builds the instance; several customizers
         * run in the order given. tether's address resolver (it re-resolves a name after a failover) is
         * set after them; the resources are shut down by {@link SharedRedis#close()}.
         */
        public Builder clientResources(Consumer<ClientResources.Builder> customizer) {
            Objects.requireNonNull(customizer, "customizer");
            this.resourcesCustomizer = this.resourcesCustomizer.andThen(customizer);
            return this;
        }

        /** Rewrites every address before it is looked up: a seam for tests that re-point a name (a failover). */
        Builder addressMapping(UnaryOperator<InetSocketAddress> mapping) {
            this.addressMapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** A listener registered before the first connect, so it sees the first event. */
        public Builder listener(ConnectionListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Starts connecting in the background and returns at once; see {@link SharedRedis#awaitReady(Duration)}. */
        public SharedRedis start() {
            return new SharedRedis(this);
        }
    }
}
