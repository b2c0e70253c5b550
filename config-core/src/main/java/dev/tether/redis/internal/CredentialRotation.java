package dev.tether.redis.internal;

import dev.tether.config.Redactor;
import dev.tether.config.RedisSettings;
import io.lettuce.core.RedisCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The credentials every connection of one {@code SharedRedis} authenticates with (shared and
 * dedicated alike), and their re-reading: on EVERY authentication failure the sources are read
 * again, at most once per {@link #MIN_INTERVAL}, on a thread of its own (a secrets manager's fetch
 * may block for seconds and must not hold a Netty event loop). A store that lags the server is
 * therefore picked up on the first failure after it caught up. Thread-safe.
 */
public final class CredentialRotation {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    /** At most one re-read of the sources per this interval. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(500);

    private final AtomicReference<RedisCredentials> current;
    private final Supplier<RedisSettings> source;
    private final Object lock = new Object();
    private CompletableFuture<Boolean> running;
    private long lastReadNanos;
    private boolean everRead;

    /**
     * @param initial the credentials the settings start with
     * @param source  re-resolves the settings; {@code null} when they cannot change
     */
    public CredentialRotation(RedisSettings initial, Supplier<RedisSettings> source) {
        this.current = new AtomicReference<>(LettuceSetup.credentials(initial));
        this.source = source;
    }

    /** The credentials to authenticate with now. */
    public RedisCredentials current() {
        return current.get();
    }

    /**
     * The server refused the credentials: re-read them unless that happened within the minimum
     * interval. Completes with {@code true} when they changed (retry at once), {@code false} when
     * not, or not re-read. Never runs the source on the calling thread.
     */
    CompletableFuture<Boolean> refused() {
        if (source == null) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (lock) {
            if (running != null && !running.isDone()) {
                return running;
            }
            long now = System.nanoTime();
            if (everRead && now - lastReadNanos < MIN_INTERVAL.toNanos()) {
                return CompletableFuture.completedFuture(false);
            }
            everRead = true;
            lastReadNanos = now;
            CompletableFuture<Boolean> read = new CompletableFuture<>();
            running = read;
            Thread reader = new Thread(() -> read.complete(reRead()), "tether-redis-credentials");
            reader.setDaemon(true);
            reader.start();
            return read;
        }
    }

    private boolean reRead() {
        try {
            RedisCredentials next = LettuceSetup.credentials(source.get());
            RedisCredentials old = current.getAndSet(next);
            boolean changed = !Objects.equals(old.getUsername(), next.getUsername()) || !Arrays.equals(old.getPassword(), next.getPassword());
            if (changed) {
                LOG.info("Redis refused the credentials; re-read them from the configuration sources: they changed, retrying now");
            } else {
                LOG.debug("Redis refused the credentials; re-read them from the configuration sources: unchanged");
            }
            return changed;
        } catch (RuntimeException e) {
            LOG.warn("Redis refused the credentials and re-reading them failed: {}", Redactor.redact(String.valueOf(e.getMessage())));
            return false;
        }
    }
}
