package dev.tether.microprofile;

import dev.tether.config.RedisSettings;
import dev.tether.config.SettingKey;
import dev.tether.config.TetherConfig;
import dev.tether.metrics.LettuceInstrumentation;
import dev.tether.metrics.TetherMetrics;
import dev.tether.microprofile.internal.NettyShutdownCheck;
import dev.tether.microprofile.internal.ResolvedValuesSource;
import dev.tether.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tether's ONE shared connection as an application-scoped CDI bean: created when the application
 * starts (so it connects while the runtime boots; readiness stays DOWN until it is up), closed when
 * the container stops. Its settings are tether's keys ({@code redis.url} / {@code REDIS_URL}, ...)
 * as the runtime's MicroProfile Config resolves them (profiles included), validated by tether, with
 * each value's source kept for diagnostics. When the app has a Micrometer {@link MeterRegistry}
 * bean, {@link TetherMetrics} are bound to it and Lettuce's command latency is timed in it
 * ({@link LettuceInstrumentation}); with an {@link ObservationRegistry} bean, commands are observed
 * (spans, when a tracer is configured).
 *
 * <p>Declare your own {@code @Produces SharedRedis} with {@code @Alternative @Priority} to replace it.
 */
@ApplicationScoped
public class TetherProducer {
    private static final ClassLoader NO_RESOURCES = new ClassLoader(null) {
    };

    /**
     * @throws dev.tether.config.InvalidSettingsException listing every problem: the application does not start
     */
    @Produces
    @ApplicationScoped
    SharedRedis sharedRedis(Config config, Instance<MeterRegistry> registries, Instance<ObservationRegistry> observations) {
        NettyShutdownCheck.warnIfBuffersCannotBeFreed();
        SharedRedis.Builder builder = SharedRedis.builder(settings(config)).credentialsSource(() -> settings(config));
        if (registries.isResolvable()) {
            builder.clientResources(LettuceInstrumentation.commandLatency(registries.get()));
        }
        if (observations.isResolvable()) {
            builder.clientResources(LettuceInstrumentation.tracing(observations.get()));
        }
        return builder.start();
    }

    /** Bounded: see {@link NettyShutdownCheck}; a runtime without the Netty JVM flags must still exit on SIGTERM. */
    void close(@Disposes SharedRedis redis) {
        NettyShutdownCheck.closeWithin(redis);
    }

    /**
     * Creates the connection when the application starts (CDI 4's runtime {@link Startup} event; Quarkus fires
     * {@code @Initialized(ApplicationScoped.class)} at static init, before runtime config) instead of at first
     * use, and binds meters when there is a registry.
     */
    void start(@Observes Startup started, SharedRedis redis, Instance<MeterRegistry> registries) {
        redis.state();
        if (registries.isResolvable()) {
            TetherMetrics.of(redis).bindTo(registries.get());
        }
    }

    /**
     * tether's keys as {@code config} resolves them. Each value goes to tether in a source named and
     * ranked like the one it came from, so provenance survives and tether's checks apply to exactly
     * the values the runtime chose.
     */
    static RedisSettings settings(Config config) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            ConfigValue value = config.getConfigValue(key.property());
            if (value.getValue() != null) {
                values.put(key.property(), value);
            }
        }
        // Only the runtime's values: no environment, system properties, .env or classpath files of tether's
        // own (the runtime read those already, with its profiles; a second raw reading could outrank them).
        TetherConfig.Builder tether = TetherConfig.builder().environment(Map.of()).systemProperties(Map.of())
                .noDotEnvFile().discoverSources(false).classLoader(NO_RESOURCES);
        ResolvedValuesSource.of(values).forEach(tether::source);
        return tether.build().resolve().requireValid();
    }
}
