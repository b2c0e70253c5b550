package dev.tether.spring;

import dev.tether.config.RedisSettings;
import dev.tether.redis.SharedRedis;
import dev.tether.spring.internal.SharedByteConnection;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Spring Data Redis on tether's ONE shared connection. Every template and repository command that
 * does not need a connection of its own (all but transactions, pipelines, pub/sub and blocking
 * reads) runs on {@link SharedRedis}'s supervised connection, with its guarantees: a command sent
 * while disconnected fails at once with Spring's {@code RedisConnectionFailureException} (cause:
 * tether's {@code RedisNotSentException}: nothing was written, retrying is safe); a command with no
 * reply within the command timeout fails with {@code QueryTimeoutException}; one cut off by a lost
 * or stalled connection with {@code RedisSystemException} (cause: {@code RedisOutcomeUnknownException}).
 *
 * <p>Transactions, pipelines, pub/sub and blocking reads get dedicated connections from this factory,
 * on tether's client resources, options and TLS settings, named {@code <client-name>/spring-dedicated}
 * in {@code CLIENT LIST}. The reactive API also uses a connection of its own.
 *
 * <p>Thread-safe; its lifecycle is Spring's. Closing it leaves {@link SharedRedis} open.
 */
public class TetherRedisConnectionFactory extends LettuceConnectionFactory {
    /** Appended to the client name of the connections Spring opens for itself. */
    public static final String DEDICATED_SUFFIX = "/spring-dedicated";

    private final StatefulRedisConnection<byte[], byte[]> shared;

    /** A factory on {@code redis}; failed commands reach {@code redis}'s listeners (and meters) like any other caller's. */
    public TetherRedisConnectionFactory(SharedRedis redis) {
        super(standalone(redis.settings()), client(redis));
        this.shared = SharedByteConnection.of(redis);
        setShareNativeConnection(true);
    }

    @Override
    protected StatefulRedisConnection<byte[], byte[]> getSharedConnection() {
        return shared;
    }

    private static RedisStandaloneConfiguration standalone(RedisSettings settings) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(settings.host(), settings.port());
        server.setDatabase(settings.database());
        settings.username().ifPresent(server::setUsername);
        if (!settings.password().isEmpty()) {
            server.setPassword(settings.password().reveal());
        }
        return server;
    }

    private static LettuceClientConfiguration client(SharedRedis redis) {
        RedisSettings settings = redis.settings();
        // Dedicated connections live only as long as one transaction or subscription: Lettuce's own
        // reconnect suits them; commands are still rejected, not queued, while disconnected.
        ClientOptions options = redis.client().getOptions().mutate()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .build();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .clientResources(redis.resources())
                .clientOptions(options)
                // Spring waits on every future, shared or dedicated, with this timeout. On the shared connection
                // tether's own deadline answers first with a typed outcome; the margin keeps Spring's wait a backstop.
                .commandTimeout(settings.commandTimeout().plus(java.time.Duration.ofSeconds(1)))
                .clientName(settings.clientName().orElse("tether") + DEDICATED_SUFFIX);
        if (settings.tls()) {
            client.useSsl().verifyPeer(switch (settings.tlsVerify()) {
                case FULL -> SslVerifyMode.FULL;
                case CA -> SslVerifyMode.CA;
                case NONE -> SslVerifyMode.NONE;
            });
        }
        return client.build();
    }
}
