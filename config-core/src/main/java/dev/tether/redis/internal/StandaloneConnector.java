package dev.tether.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;

import java.util.concurrent.CompletableFuture;

/**
 * One server, or the primary that Sentinel names: Lettuce's {@link RedisClient} asks the sentinels
 * of a {@code redis-sentinel} {@link RedisURI} for the master's address on every connect, so each
 * reconnect of tether's reaches the primary of that moment.
 */
final class StandaloneConnector implements Connector {
    private final RedisClient client;
    private final RedisURI uri;
    private final String described;

    StandaloneConnector(RedisClient client, RedisURI uri, String described) {
        this.client = client;
        this.uri = uri;
        this.described = described;
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        try {
            return client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenApply(c -> c);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String describe() {
        return described;
    }
}
