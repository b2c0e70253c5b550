package dev.tether.redis.internal;

import dev.tether.redis.ClientSideCache;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ClientSideCache} on a RESP3 connection with Lettuce's own reconnect on (reads are
 * idempotent, so a re-sent GET is harmless). Every invalidation, disconnect and reconnect bumps an
 * epoch; a value read under an older epoch is returned but never stored, so an invalidation that
 * overtakes a read cannot leave a stale entry behind. Thread-safe.
 */
public final class TrackingCache implements ClientSideCache, RedisConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final StatefulRedisConnection<String, String> connection;
    private final Duration timeout;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean tracking;

    public TrackingCache(StatefulRedisConnection<String, String> connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
        connection.addListener(this::onPush);
        connection.addListener((RedisConnectionStateListener) this);
        enableTracking();
    }

    @Override
    public String get(String key) {
        if (tracking) {
            String cached = values.get(key);
            if (cached != null) {
                return cached;
            }
        }
        long readEpoch = epoch.get();
        boolean trackedRead = tracking;
        String value;
        try {
            value = connection.async().get(key).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.TIMEOUT,
                    "no reply to GET within " + timeout.toMillis() + " ms", null);
        } catch (ExecutionException e) {
            String m = String.valueOf(e.getCause().getMessage());
            if (m.contains("not connected") || m.contains("Commands are rejected")) {
                throw new RedisNotSentException("not sent: the client-side cache's connection is down; nothing was written, retrying is safe", e.getCause());
            }
            throw e.getCause() instanceof RuntimeException r ? r : new io.lettuce.core.RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lettuce.core.RedisCommandInterruptedException(e);
        }
        if (value != null && trackedRead && tracking) {
            values.put(key, value);
            if (epoch.get() != readEpoch) {
                // an invalidation (or a reconnect) arrived while we read: the value may already be stale
                values.remove(key, value);
            }
        }
        return value;
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public void clear() {
        epoch.incrementAndGet();
        values.clear();
    }

    @Override
    public void close() {
        tracking = false;
        clear();
        connection.close();
    }

    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        epoch.incrementAndGet();
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        if (content.size() < 2 || !(content.get(1) instanceof List<?> keys)) {
            values.clear();   // null key list: the server flushed (FLUSHALL/FLUSHDB)
            return;
        }
        for (Object k : keys) {
            values.remove(k instanceof ByteBuffer b ? StringCodec.UTF8.decodeKey(b) : String.valueOf(k));
        }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
        tracking = false;
        clear();
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress remote) {
        enableTracking();
    }

    private void enableTracking() {
        connection.async().clientTracking(TrackingArgs.Builder.enabled()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("Redis client-side cache: CLIENT TRACKING failed ({}); reads go to the server until the next reconnect", error.toString());
                return;
            }
            clear();
            tracking = true;
        });
    }
}
