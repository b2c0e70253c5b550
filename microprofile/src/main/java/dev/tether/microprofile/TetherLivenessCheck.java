package dev.tether.microprofile;

import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while tether's connection supervisor runs, whatever Redis does: a Redis outage makes the app
 * not ready, it does not call for a restart (which would not bring Redis back). DOWN only once the
 * shared connection was closed while the app still runs.
 */
@Liveness
@ApplicationScoped
public class TetherLivenessCheck implements HealthCheck {
    @Inject
    SharedRedis redis;

    @Override
    public HealthCheckResponse call() {
        return TetherReadinessCheck.describe(HealthCheckResponse.named("tether-redis"), redis)
                .status(redis.state() != ConnectionState.CLOSED).build();
    }
}
