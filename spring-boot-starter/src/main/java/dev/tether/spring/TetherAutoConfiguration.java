package dev.tether.spring;

import dev.tether.config.TetherConfig;
import dev.tether.metrics.LettuceInstrumentation;
import dev.tether.metrics.TetherMetrics;
import dev.tether.redis.ConnectionListener;
import dev.tether.redis.SharedRedis;
import dev.tether.spring.internal.SpringEnvironmentSources;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * tether for a Spring Boot app: {@link TetherConfig} with Spring's {@code Environment} as a source
 * (profiles, {@code --redis.url=}, {@code application.yml}), the process's one {@link SharedRedis},
 * a {@link TetherRedisConnectionFactory} so that Spring Data Redis runs on that same connection,
 * {@link TetherMetrics} (bound to Micrometer when the app has a registry) and the {@code tether}
 * health indicator. Every bean backs off when the app declares its own of the same type.
 *
 * <p>tether's one {@code ClientResources} gets every {@link ClientResourcesBuilderCustomizer} bean
 * (Spring Boot's Lettuce observation when the app has an {@code ObservationRegistry}: commands are
 * observed, and traced when a tracer is configured) and, when the app has a {@link MeterRegistry},
 * the command latency timers of {@link LettuceInstrumentation}.
 *
 * <p>Runs before Spring Boot's Redis auto-configuration, whose templates then use this factory.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration"})
public class TetherAutoConfiguration {

    /** tether's sources (system properties, environment, Doppler, {@code .env}) plus Spring's. */
    @Bean
    @ConditionalOnMissingBean
    public TetherConfig tetherConfig(ConfigurableEnvironment environment) {
        TetherConfig.Builder config = TetherConfig.builder();
        SpringEnvironmentSources.of(environment).forEach(config::source);
        return config.build();
    }

    /**
     * Connects in the background while the context starts; readiness is DOWN until it is up.
     * Credentials are re-read from the same sources when the server refuses them.
     *
     * @throws dev.tether.config.InvalidSettingsException listing every problem: the app does not start
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SharedRedis sharedRedis(TetherConfig config, ObjectProvider<ConnectionListener> listeners,
                                   ObjectProvider<ClientResourcesBuilderCustomizer> resources, ObjectProvider<MeterRegistry> meters) {
        SharedRedis.Builder builder = SharedRedis.builder(config.resolve().requireValid())
                .credentialsSource(() -> config.resolve().requireValid());
        listeners.orderedStream().forEach(builder::listener);
        // Spring Boot's own customizers (its Lettuce observation when there is an ObservationRegistry, so
        // commands become spans with a tracer) and the app's apply to tether's one ClientResources.
        resources.orderedStream().forEach(customizer -> builder.clientResources(customizer::customize));
        meters.ifAvailable(registry -> builder.clientResources(LettuceInstrumentation.commandLatency(registry)));
        return builder.start();
    }

    /** Meters for the shared connection; Spring Boot binds every {@code MeterBinder} bean to its registry. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TetherMetrics tetherMetrics(SharedRedis redis) {
        return TetherMetrics.of(redis);
    }

    /** Spring Data Redis on the shared connection; absent when the app defines its own factory. */
    @Bean
    @ConditionalOnMissingBean(RedisConnectionFactory.class)
    public TetherRedisConnectionFactory redisConnectionFactory(SharedRedis redis) {
        return new TetherRedisConnectionFactory(redis);
    }

    /** The {@code tether} health indicator, when the app has Spring Boot's health support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean(name = "tether")
        @ConditionalOnMissingBean(name = "tether")
        TetherHealthIndicator tetherHealthIndicator(SharedRedis redis) {
            return new TetherHealthIndicator(redis);
        }
    }
}
