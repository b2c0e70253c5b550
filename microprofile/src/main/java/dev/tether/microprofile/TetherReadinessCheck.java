package dev.tether.microprofile;

import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready ({@code /q/health/ready} on Quarkus) while tether's shared connection is CONNECTED; reports the
 * state, the redacted URI and, after a failure, tether's diagnosis and hint. Sends no command.
 */
@Readiness
@ApplicationScoped
public class TetherReadinessCheck implements HealthCheck {
    @Inject
    SharedRedis redis;

    @Override
    public HealthCheckResponse call() {
        return describe(HealthCheckResponse.named("tether-redis"), redis).status(redis.state() == ConnectionState.CONNECTED).build();
    }

    static HealthCheckResponseBuilder describe(HealthCheckResponseBuilder response, SharedRedis redis) {
        response.withData("state", redis.state().name()).withData("uri", redis.settings().redactedUri());
        var diagnosis = redis.lastDiagnosis();
        if (diagnosis != null) {
            response.withData("lastDiagnosis", diagnosis.code() + ": " + diagnosis.message()).withData("hint", diagnosis.hint());
        }
        return response;
    }
}
