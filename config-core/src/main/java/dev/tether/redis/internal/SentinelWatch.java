package dev.tether.redis.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * tether's connections to every sentinel of a set: one pub/sub connection each for the failover events of one master
 * ({@link SentinelEvent}) and one command connection each for {@code SENTINEL MASTER}. Both use Lettuce's own
 * reconnect (pub/sub resubscribes by itself); a sentinel not reachable at the first attempt is tried again every
 * {@link #RETRY} until it is, so the watch never depends on one sentinel. Thread-safe.
 */
final class SentinelWatch {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    static final Duration RETRY = Duration.ofSeconds(2);

    /** Called on Lettuce's event loop; must not block. */
    interface Listener {
        /** {@code sentinel} ({@code host:port}) published {@code event} about the master. */
        void event(String sentinel, SentinelEvent event);

        /** {@code sentinel}'s pub/sub connection is (again) subscribed: events before this moment may be missed. */
        void subscribed(String sentinel);
    }

    /** One sentinel's answer to {@code SENTINEL MASTER <name>}. */
    record MasterView(String sentinel, String host, int port, long configEpoch, boolean failoverInProgress, Duration failoverTimeout) {
        boolean sameAddress(String otherHost, int otherPort) {
            return host.equals(otherHost) && port == otherPort;
        }

        static Optional<MasterView> of(String sentinel, Map<String, String> f) {
            try {
                String flags = f.getOrDefault("flags", "");
                return Optional.of(new MasterView(sentinel, f.get("ip"), Integer.parseInt(f.get("port")),
                        Long.parseLong(f.getOrDefault("config-epoch", "0")), flags.contains("failover_in_progress"),
                        Duration.ofMillis(Long.parseLong(f.getOrDefault("failover-timeout", "180000")))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    private final RedisClient client;
    private final String master;
    private final Duration timeout;
    private final Listener listener;
    private final List<Sentinel> sentinels = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param client    a client with Lettuce's reconnect on, for the sentinels only
     * @param sentinels each sentinel's URI (its own password and TLS)
     * @param timeout   how long one {@code SENTINEL MASTER} may take
     */
    SentinelWatch(RedisClient client, List<RedisURI> sentinels, String master, Duration timeout, Listener listener) {
        this.client = client;
        this.master = master;
        this.timeout = timeout;
        this.listener = listener;
        sentinels.forEach(uri -> this.sentinels.add(new Sentinel(uri)));
    }

    /** Starts watching (idempotent): subscribes on every sentinel, retrying the ones that do not answer. */
    void start() {
        sentinels.forEach(Sentinel::subscribe);
    }

    /** The sentinels, as {@code host:port}. */
    List<String> names() {
        return sentinels.stream().map(s -> s.name).toList();
    }

    /** {@code SENTINEL MASTER} on the sentinel named {@code name}; empty when it does not answer in time. */
    CompletableFuture<Optional<MasterView>> ask(String name) {
        return sentinels.stream().filter(s -> s.name.equals(name)).findFirst().map(Sentinel::ask)
                .orElse(CompletableFuture.completedFuture(Optional.empty()));
    }

    /**
     * Where the master is by the newest configuration a majority of the sentinels answering shows: every sentinel is
     * asked at once, and once more than half have answered (or all have settled) the answer with the highest
     * {@code config-epoch} wins, since a sentinel that has not heard of the last failover yet still names the old primary
     * (and so would Lettuce's "first sentinel that answers"). Empty when none answered.
     */
    CompletableFuture<Optional<MasterView>> newest() {
        CompletableFuture<Optional<MasterView>> result = new CompletableFuture<>();
        List<MasterView> answers = new ArrayList<>();
        AtomicInteger settled = new AtomicInteger();
        int majority = sentinels.size() / 2 + 1;
        for (Sentinel s : sentinels) {
            s.ask().thenAccept(view -> {
                synchronized (answers) {
                    view.ifPresent(answers::add);
                    if (answers.size() >= majority || settled.incrementAndGet() == sentinels.size()) {
                        result.complete(answers.stream().max(java.util.Comparator.comparingLong(MasterView::configEpoch)));
                    }
                }
            });
        }
        return result;
    }

    /** Stops retrying; the client's shutdown closes the connections. */
    void close() {
        closed = true;
    }

    private final class Sentinel {
        final RedisURI uri;
        final String name;
        private boolean subscribing;
        private CompletableFuture<StatefulRedisSentinelConnection<String, String>> commands;

        Sentinel(RedisURI uri) {
            this.uri = uri;
            this.name = uri.getHost() + ":" + uri.getPort();
        }

        synchronized void subscribe() {
            if (subscribing || closed) {
                return;
            }
            subscribing = true;
            CompletableFuture<StatefulRedisPubSubConnection<String, String>> connecting;
            try {
                connecting = client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
            } catch (RuntimeException e) {
                connecting = CompletableFuture.failedFuture(e);
            }
            connecting.thenCompose(c -> {
                if (closed) {
                    c.closeAsync();
                    return CompletableFuture.completedFuture(null);
                }
                c.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        SentinelEvent event = SentinelEvent.parse(master, channel, message);
                        if (event != null) {
                            listener.event(name, event);
                        }
                    }
                });
                c.addListener(new RedisConnectionStateListener() {
                    @Override
                    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                        // Lettuce resubscribes after its reconnect; what was published meanwhile is gone
                        listener.subscribed(name);
                    }
                });
                return c.async().subscribe(SentinelEvent.channels().toArray(new String[0])).toCompletableFuture()
                        .thenRun(() -> listener.subscribed(name));
            }).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.debug("could not follow the failover events of sentinel {}: {}; trying again in {} ms", name, error.toString(),
                            RETRY.toMillis());
                    synchronized (this) {
                        subscribing = false;
                    }
                    if (!closed) {
                        client.getResources().eventExecutorGroup().schedule(this::subscribe, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            });
        }

        CompletableFuture<Optional<MasterView>> ask() {
            return commands().thenCompose(c -> c.async().master(master).toCompletableFuture())
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((fields, error) -> {
                        if (error != null) {
                            LOG.debug("sentinel {} did not answer SENTINEL MASTER {}: {}", name, master, error.toString());
                            return Optional.empty();
                        }
                        return MasterView.of(name, fields);
                    });
        }

        /** The command connection, opened on first use and again after a failed open. */
        private synchronized CompletableFuture<StatefulRedisSentinelConnection<String, String>> commands() {
            CompletableFuture<StatefulRedisSentinelConnection<String, String>> c = commands;
            if (c == null || c.isCompletedExceptionally()) {
                try {
                    c = client.connectSentinelAsync(StringCodec.UTF8, uri);
                } catch (RuntimeException e) {
                    c = CompletableFuture.failedFuture(e);
                }
                commands = c;
            }
            return c;
        }
    }
}
