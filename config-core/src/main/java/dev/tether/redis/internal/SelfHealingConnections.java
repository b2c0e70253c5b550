package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.redis.ClientSideCache;
import dev.tether.redis.PubSubConnection;
import dev.tether.redis.RedisUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The connections whose every command is idempotent (subscriptions, tracked reads): Lettuce's own
 * reconnect, which restores subscriptions, is on for them, on a client of their own created on
 * first use. Thread-safe.
 */
public final class SelfHealingConnections {
    private final ClientResources resources;
    private final RedisSettings settings;
    /** Where credentials are re-read at each connect; {@code null}: the settings' own. */
    private final Supplier<RedisSettings> credentialsSource;
    /** The shared connection's last diagnosis, for a failure to connect now. */
    private final Supplier<Diagnosis> lastDiagnosis;
    private volatile RedisClient client;

    public SelfHealingConnections(ClientResources resources, RedisSettings settings, Supplier<RedisSettings> credentialsSource,
                                  Supplier<Diagnosis> lastDiagnosis) {
        this.resources = resources;
        this.settings = settings;
        this.credentialsSource = credentialsSource;
        this.lastDiagnosis = lastDiagnosis;
    }

    /** @throws RedisUnavailableException when it cannot connect now */
    public PubSubConnection pubSub() {
        try {
            return new ResubscribingPubSub(client().connectPubSub(io.lettuce.core.codec.StringCodec.UTF8, uri()),
                    settings.commandTimeout());
        } catch (io.lettuce.core.RedisConnectionException e) {
            throw new RedisUnavailableException("could not open a pub/sub connection to Redis", lastDiagnosis.get(), e);
        }
    }

    /** @throws RedisUnavailableException when it cannot connect now */
    public ClientSideCache clientSideCache() {
        try {
            return new TrackingCache(client().connect(io.lettuce.core.codec.StringCodec.UTF8, uri()), settings.commandTimeout());
        } catch (io.lettuce.core.RedisConnectionException e) {
            throw new RedisUnavailableException("could not open a client-side cache connection to Redis", lastDiagnosis.get(), e);
        }
    }

    private RedisClient client() {
        RedisClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = RedisClient.create(resources);
                    c.setOptions(LettuceSetup.clientOptions(settings).mutate().autoReconnect(true).build());
                    client = c;
                }
            }
        }
        return c;
    }

    private io.lettuce.core.RedisURI uri() {
        return LettuceSetup.uri(settings, () -> LettuceSetup.credentials(credentialsSource != null ? credentialsSource.get() : settings));
    }

    /** Shuts the client down (its connections with it) when it was created. */
    public void close() {
        RedisClient c = client;
        if (c != null) {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
