package dev.tether.spring;

import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health/tether}: UP while tether's shared connection is CONNECTED, with its state,
 * the redacted URI and, after a failure, tether's diagnosis and hint. Sends no command, so a probe
 * never waits on Redis. Part of the readiness group by default. Thread-safe.
 */
public final class TetherHealthIndicator implements HealthIndicator {
    private final SharedRedis redis;

    public TetherHealthIndicator(SharedRedis redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        ConnectionState state = redis.state();
        Health.Builder health = state == ConnectionState.CONNECTED ? Health.up() : Health.down();
        health.withDetail("state", state.name()).withDetail("uri", redis.settings().redactedUri());
        var diagnosis = redis.lastDiagnosis();
        if (diagnosis != null) {
            health.withDetail("lastDiagnosis", diagnosis.code() + ": " + diagnosis.message()).withDetail("hint", diagnosis.hint());
        }
        return health.build();
    }
}
