package dev.tether.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The primary a Sentinel set names, and a gate that keeps writes off a primary being failed over.
 *
 * <p>A Sentinel failover has two primaries for a while: the leader sends {@code REPLICAOF NO ONE} to the replica, and
 * the old primary goes on acknowledging writes until a sentinel demotes it (8 s after {@code +switch-master} on
 * Redis 7), when its resync discards them. So tether stops at the first failover event of any sentinel
 * ({@link SentinelEvent.Kind#FAILOVER_STARTED}, two sentinel timer ticks, 100 ms or more, before
 * {@code REPLICAOF NO ONE}): the supervisors retire their connections (commands already written get their replies;
 * new ones fail "not sent") and every {@link #connect()} waits until the new primary is known ({@code +promoted-slave}
 * or {@code +switch-master}) or the failover is off: every failing sentinel's {@code -failover-abort-*}, every failing
 * sentinel answering {@code SENTINEL MASTER} without {@code failover_in_progress} (polled every {@link #POLL}, in case
 * an event was missed), or the master's {@code failover-timeout} for a sentinel that stopped answering. A connection
 * opened while a failover began is closed unused. Missed the start (a watch reconnecting)? {@code +promoted-slave} or
 * {@code +switch-master} still retires the connections.
 *
 * <p>Where the master is: every sentinel is asked {@code SENTINEL MASTER} and the highest {@code config-epoch} among a
 * majority's answers wins, together with what the last {@code +promoted-slave}/{@code +switch-master} said, so a
 * sentinel that has not heard of the failover yet cannot send tether back to the old primary (it is still a primary
 * for seconds). An answer with {@code failover_in_progress} is not taken: the leader raises the epoch at the promotion
 * but names the old address until {@code +switch-master}. Thread-safe.
 */
final class SentinelConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    static final Duration POLL = Duration.ofMillis(250);
    private static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofMinutes(3);

    private final RedisClient client;
    private final RedisClient watchClient;
    private final SentinelWatch watch;
    private final StandaloneConnector lettuceLookup;
    private final BiFunction<String, Integer, RedisURI> direct;
    private final String master;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    /** Sentinels failing the master over now, each with when tether stops waiting for it (nanos). */
    private final Map<String, Long> failing = new HashMap<>();
    /** Completes when no failover is in progress; replaced when one starts. */
    private CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
    /** Changes when a failover starts or the master moves: a connection opened across the change may be the old primary's. */
    private long generation;
    /** The newest master configuration seen: from {@code SENTINEL MASTER} answers and {@code +switch-master}. */
    private SentinelWatch.MasterView newest;
    private Duration failoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
    private ScheduledFuture<?> poll;
    private volatile boolean closed;

    /**
     * @param client      tether's client (no auto-reconnect) for the data connection
     * @param watchClient a client with Lettuce's reconnect on, for the sentinels only
     * @param sentinelUri the {@code redis-sentinel} URI: the sentinels (with their password and TLS) and the master's name
     * @param direct      the URI of a data server at an address a sentinel named (credentials, TLS, database)
     */
    SentinelConnector(RedisClient client, RedisClient watchClient, RedisURI sentinelUri, BiFunction<String, Integer, RedisURI> direct) {
        this.client = client;
        this.watchClient = watchClient;
        this.direct = direct;
        this.master = sentinelUri.getSentinelMasterId();
        this.lettuceLookup = new StandaloneConnector(client, sentinelUri, "sentinel master '" + master + "'");
        List<RedisURI> sentinels = sentinelUri.getSentinels().stream()
                .map(s -> RedisURI.builder(s).withTimeout(sentinelUri.getTimeout()).build()).toList();
        this.watch = new SentinelWatch(watchClient, sentinels, master, sentinelUri.getTimeout(), new SentinelWatch.Listener() {
            @Override
            public void event(String sentinel, SentinelEvent event) {
                switch (event.kind()) {
                    case FAILOVER_STARTED -> failoverStarted(sentinel);
                    case FAILOVER_ABORTED -> failoverOver(sentinel, "aborted its failover");
                    case PROMOTED -> moved(sentinel, event.host(), event.port(), "promoted the replica at");
                    case SWITCHED -> moved(sentinel, event.host(), event.port(), "switched the master to");
                }
            }

            @Override
            public void subscribed(String sentinel) {
                // events published while the watch was down are lost: ask whether a failover is running
                watch.ask(sentinel).thenAccept(view -> view.ifPresent(v -> {
                    learn(v);
                    if (v.failoverInProgress()) {
                        failoverStarted(sentinel);
                    }
                }));
            }
        });
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        if (closed) {
            return CompletableFuture.failedFuture(new RedisConnectionException("closed"));
        }
        watch.start();
        CompletableFuture<Void> gate;
        synchronized (lock) {
            gate = open;
        }
        if (!gate.isDone()) {
            return gate.thenCompose(v -> connect());
        }
        return watch.newest().thenCompose(answer -> {
            answer.ifPresent(this::learn);
            long started;
            Optional<SentinelWatch.MasterView> where;
            synchronized (lock) {
                if (!open.isDone()) {
                    return connect();
                }
                started = generation;
                where = Optional.ofNullable(newest);
            }
            return open(where).thenCompose(connection -> {
                synchronized (lock) {
                    if (generation == started && open.isDone()) {
                        return CompletableFuture.completedFuture(connection);
                    }
                }
                // a failover began (or the master moved) while connecting: this may be the old primary
                connection.closeAsync();
                return connect();
            });
        });
    }

    private CompletableFuture<StatefulConnection<String, String>> open(Optional<SentinelWatch.MasterView> where) {
        if (where.isEmpty()) {
            // no sentinel answered us: Lettuce's own lookup tries them again and says why it failed
            return lettuceLookup.connect();
        }
        try {
            return client.connectAsync(StringCodec.UTF8, direct.apply(where.get().host(), where.get().port())).toCompletableFuture()
                    .thenApply(c -> c);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Keeps the view with the highest {@code config-epoch}, unless its sentinel is mid-failover; when that moves the
     * master (a sentinel answering after a {@code +switch-master} tether did not hear), retires the connections.
     */
    private void learn(SentinelWatch.MasterView view) {
        boolean moved;
        synchronized (lock) {
            failoverTimeout = view.failoverTimeout();
            if (view.failoverInProgress() || newest != null && (view.configEpoch() < newest.configEpoch()
                    || view.configEpoch() == newest.configEpoch() && !view.sentinel().equals(newest.sentinel()))) {
                return;
            }
            moved = newest != null && !newest.sameAddress(view.host(), view.port());
            newest = view;
            if (moved) {
                generation++;
            }
        }
        if (moved) {
            LOG.info("Sentinel {} names {}:{} as master '{}' (config-epoch {}): connecting there", view.sentinel(), view.host(),
                    view.port(), master, view.configEpoch());
            listeners.forEach(Runnable::run);
        }
    }

    private void failoverStarted(String sentinel) {
        boolean first;
        synchronized (lock) {
            if (closed) {
                return;
            }
            first = failing.isEmpty();
            failing.put(sentinel, System.nanoTime() + failoverTimeout.toNanos());
            if (first) {
                open = new CompletableFuture<>();
                generation++;
                schedulePoll();
            }
        }
        if (first) {
            LOG.info("Sentinel {} is failing master '{}' over: commands are refused as not sent until the new primary is known",
                    sentinel, master);
            listeners.forEach(Runnable::run);
        }
    }

    private void failoverOver(String sentinel, String why) {
        CompletableFuture<Void> opened = null;
        synchronized (lock) {
            if (failing.remove(sentinel) != null && failing.isEmpty()) {
                opened = open;
            }
        }
        if (opened != null) {
            LOG.info("Sentinel {} {} for master '{}': connecting to the primary the sentinels name", sentinel, why, master);
            opened.complete(null);
        }
    }

    /**
     * {@code +promoted-slave} from the leader, then {@code +switch-master} from every sentinel as it learns of the new
     * configuration: the first moves tether, the others name the same address.
     */
    private void moved(String sentinel, String host, int port, String what) {
        boolean moved;
        CompletableFuture<Void> opened;
        synchronized (lock) {
            moved = newest == null || !newest.sameAddress(host, port);
            if (moved) {
                // newer than anything known; the sentinel's own answer below brings the real epoch
                newest = new SentinelWatch.MasterView(sentinel, host, port, newest == null ? 1 : newest.configEpoch() + 1, false,
                        failoverTimeout);
                generation++;
            }
            failing.clear();
            opened = open;
        }
        opened.complete(null);
        if (moved) {
            LOG.info("Sentinel {} {} {}:{} for master '{}': connecting there", sentinel, what, host, port, master);
            // connections made before the failover's start was heard (none when it was) are the old primary's
            listeners.forEach(Runnable::run);
        }
        watch.ask(sentinel).thenAccept(view -> view.ifPresent(this::learn));
    }

    /** While a failover is in progress: asks each failing sentinel whether it still is, in case its end was not heard. */
    private void schedulePoll() {
        if (poll == null || poll.isDone()) {
            poll = watchClient.getResources().eventExecutorGroup().scheduleWithFixedDelay(this::pollFailing, POLL.toMillis(),
                    POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pollFailing() {
        List<Map.Entry<String, Long>> waiting;
        synchronized (lock) {
            if (failing.isEmpty() || closed) {
                if (poll != null) {
                    poll.cancel(false);
                }
                return;
            }
            waiting = List.copyOf(failing.entrySet());
        }
        for (Map.Entry<String, Long> w : waiting) {
            watch.ask(w.getKey()).thenAccept(view -> {
                if (view.isPresent()) {
                    learn(view.get());
                    if (!view.get().failoverInProgress()) {
                        failoverOver(w.getKey(), "is no longer failing over (no event heard)");
                    }
                } else if (System.nanoTime() - w.getValue() > 0) {
                    failoverOver(w.getKey(), "did not answer within the failover-timeout");
                }
            });
        }
    }

    @Override
    public void onPrimaryMoved(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public String describe() {
        return lettuceLookup.describe();
    }

    @Override
    public void close() {
        CompletableFuture<Void> gate;
        synchronized (lock) {
            closed = true;
            gate = open;
            if (poll != null) {
                poll.cancel(false);
            }
        }
        watch.close();
        gate.completeExceptionally(new RedisConnectionException("closed while a Sentinel failover was in progress"));
        // the client's shutdown closes the watch connections (closing them first makes Lettuce warn "already closed")
        watchClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
