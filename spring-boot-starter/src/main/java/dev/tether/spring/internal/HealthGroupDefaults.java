package dev.tether.spring.internal;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Puts the {@code tether} health indicator into the readiness group ({@code /actuator/health/readiness}):
 * a pod whose Redis connection is down gets no traffic, but is not restarted (liveness ignores it).
 * Turns Spring Boot's own {@code redis} health indicator off: {@code tether} reports the same connection
 * without sending a command, while Boot's reactive variant would open a second connection just to send
 * {@code INFO}. Defaults only, at the lowest precedence: any value the app sets wins.
 */
public final class HealthGroupDefaults implements EnvironmentPostProcessor {
    static final String NAME = "tetherDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(NAME, Map.of(
                    "management.endpoint.health.probes.enabled", "true",
                    "management.endpoint.health.group.readiness.include", "readinessState,tether",
                    "management.health.redis.enabled", "false")));
        }
    }
}
