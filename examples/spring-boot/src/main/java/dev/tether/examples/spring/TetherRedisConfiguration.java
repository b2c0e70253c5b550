package dev.tether.examples.spring;

import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis for the app, from tether: settings resolved by {@link TetherConfig} (env, {@code .env},
 * Doppler, {@code application.properties}), tether's shared connection as a bean, and a Spring
 * Data Redis connection factory on tether's resources and transport options. Declaring the factory
 * turns Spring Boot's own Redis auto-configuration off.
 */
@Configuration(proxyBeanMethods = false)
public class TetherRedisConfiguration {
    /** Appended to the client name of Spring Data's connection, to tell it apart in {@code CLIENT LIST}. */
    static final String SPRING_DATA_SUFFIX = "/spring-data";

    /**
     * tether's supervised connection: readiness gate, typed failures, stall watchdog. Re-reads
     * credentials from the same sources when the server refuses them.
     *
     * @throws dev.tether.config.InvalidSettingsException listing every problem in the settings
     */
    @Bean(destroyMethod = "close")
    SharedRedis sharedRedis() {
        TetherConfig config = TetherConfig.defaults();
        return SharedRedis.builder(config.resolve().requireValid())
                .credentialsSource(() -> config.resolve().requireValid())
                .start();
    }

    /**
     * Spring Data Redis's factory, sharing one native connection between all templates and threads
     * (Spring's default, kept). It runs on tether's {@code ClientResources} and socket, keepalive
     * and TLS options; Lettuce's own reconnect is switched back on for it, because tether's
     * supervisor replaces only its own connection. Commands are still rejected, not queued, while
     * disconnected.
     */
    @Bean
    LettuceConnectionFactory redisConnectionFactory(SharedRedis redis) {
        RedisSettings settings = redis.settings();
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(settings.host(), settings.port());
        server.setDatabase(settings.database());
        settings.username().ifPresent(server::setUsername);
        if (!settings.password().isEmpty()) {
            server.setPassword(settings.password().reveal());
        }

        ClientOptions options = redis.client().getOptions().mutate()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .build();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .clientResources(redis.resources())
                .clientOptions(options)
                .commandTimeout(settings.commandTimeout())
                .clientName(settings.clientName().orElse("tether") + SPRING_DATA_SUFFIX);
        if (settings.tls()) {
            client.useSsl().verifyPeer(switch (settings.tlsVerify()) {
                case FULL -> io.lettuce.core.SslVerifyMode.FULL;
                case CA -> io.lettuce.core.SslVerifyMode.CA;
                case NONE -> io.lettuce.core.SslVerifyMode.NONE;
            });
        }

        LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
        factory.setShareNativeConnection(true);
        return factory;
    }
}
