package dev.tether.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The primary a Sentinel set names. Each connect asks the sentinels (Lettuce's
 * {@code redis-sentinel} {@link RedisURI}), so a reconnect after a lost connection reaches the
 * primary of that moment. A primary that moved while its old connection still works (a
 * {@code SENTINEL FAILOVER}, or the old primary demoted and answering {@code READONLY}) is noticed
 * from the sentinels' {@code +switch-master} event: every sentinel's pub/sub is followed on a
 * self-healing connection (Lettuce's reconnect and resubscribe: {@code SUBSCRIBE} is idempotent),
 * and the listeners replace their connections. Thread-safe.
 */
final class SentinelConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final StandaloneConnector primary;
    private final RedisClient watchClient;
    private final RedisURI sentinelUri;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<StatefulRedisPubSubConnection<String, String>> watches = new CopyOnWriteArrayList<>();
    private final RedisClient client;
    private final BiFunction<String, Integer, RedisURI> direct;
    /** The address the last {@code +switch-master} announced, used once by the next connect. */
    private final AtomicReference<RedisURI> announced = new AtomicReference<>();
    private volatile boolean watching;
    private volatile boolean closed;

    /**
     * @param client      tether's client (no auto-reconnect) for the data connection
     * @param watchClient a client with Lettuce's reconnect on, for the sentinels' pub/sub only
     */
    SentinelConnector(RedisClient client, RedisClient watchClient, RedisURI sentinelUri, BiFunction<String, Integer, RedisURI> direct) {
        this.client = client;
        this.direct = direct;
        this.primary = new StandaloneConnector(client, sentinelUri, "sentinel master '" + sentinelUri.getSentinelMasterId() + "'");
        this.watchClient = watchClient;
        this.sentinelUri = sentinelUri;
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        watch();
        RedisURI next = announced.getAndSet(null);
        if (next != null) {
            // The sentinel asked first may not have switched yet; the event said where the primary is. A wrong
            // guess answers READONLY and the connection after that asks the sentinels again.
            return client.connectAsync(StringCodec.UTF8, next).toCompletableFuture().thenApply(c -> c);
        }
        return primary.connect();
    }

    private synchronized void watch() {
        if (watching || closed) {
            return;
        }
        watching = true;
        for (RedisURI sentinel : sentinelUri.getSentinels()) {
            RedisURI uri = RedisURI.builder(sentinel).withTimeout(sentinelUri.getTimeout()).build();
            watchClient.connectPubSubAsync(StringCodec.UTF8, uri).thenAccept(c -> {
                if (closed) {
                    c.closeAsync();
                    return;
                }
                watches.add(c);
                c.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        switched(message);
                    }
                });
                c.async().subscribe("+switch-master");
            }).exceptionally(e -> {
                // not fatal: reconnecting after a lost connection still asks the sentinels
                LOG.debug("could not follow +switch-master on sentinel {}:{}: {}", sentinel.getHost(), sentinel.getPort(), e.toString());
                return null;
            });
        }
    }

    /** {@code <master-name> <old-ip> <old-port> <new-ip> <new-port>}; each sentinel sends it once. */
    private void switched(String message) {
        String[] parts = message.split(" ");
        if (parts.length < 5 || !parts[0].equals(sentinelUri.getSentinelMasterId())) {
            return;
        }
        try {
            announced.set(direct.apply(parts[3], Integer.parseInt(parts[4])));
        } catch (RuntimeException e) {
            announced.set(null);
        }
        LOG.info("Sentinel: master '{}' moved from {}:{} to {}:{}; replacing the connection", parts[0], parts[1], parts[2], parts[3], parts[4]);
        listeners.forEach(Runnable::run);
    }

    @Override
    public void onPrimaryMoved(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public String describe() {
        return primary.describe();
    }

    @Override
    public void close() {
        closed = true;
        // the client's shutdown closes the watch connections (closing them first makes Lettuce warn "already closed")
        watchClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
