package dev.tether.examples.quarkus;

import dev.tether.config.RedisSettings;
import dev.tether.config.SettingKey;
import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/** Makes tether's one shared Redis connection a CDI bean, configured by Quarkus's own config. */
@ApplicationScoped
public class RedisProducer {

    /**
     * Started with the application, so that it connects while Quarkus boots; readiness stays DOWN
     * until it is up.
     *
     * @throws dev.tether.config.InvalidSettingsException listing every problem in the settings
     */
    @Produces
    @ApplicationScoped
    @Startup
    SharedRedis sharedRedis(Config config) {
        return SharedRedis.builder(settings(config)).start();
    }

    void close(@Disposes SharedRedis redis) {
        redis.close();
    }

    /**
     * Reads tether's keys ({@code redis.url} / {@code REDIS_URL}, ...) from Quarkus's config, where
     * Quarkus's ordinals decide, and lets tether validate them. Only the values Quarkus resolved are
     * handed over (as the top layer), so tether's checks and error messages apply to exactly them.
     */
    static RedisSettings settings(Config config) {
        Map<String, String> resolved = new HashMap<>();
        for (SettingKey key : SettingKey.values()) {
            config.getOptionalValue(key.property(), String.class).ifPresent(value -> resolved.put(key.property(), value));
        }
        return TetherConfig.builder()
                .systemProperties(resolved)
                .environment(Map.of())
                .noDotEnvFile()
                .discoverSources(false)
                .build()
                .resolve()
                .requireValid();
    }
}
