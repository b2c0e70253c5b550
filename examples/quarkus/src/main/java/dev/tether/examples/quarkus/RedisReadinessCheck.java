package dev.tether.examples.quarkus;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while tether's shared connection is {@link ConnectionState#CONNECTED}. Reports the state,
 * the redacted URI and, after a failure, tether's diagnosis (code and hint). Sends no command.
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    SharedRedis redis;

    @Override
    public HealthCheckResponse call() {
        ConnectionState state = redis.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("redis")
                .status(state == ConnectionState.CONNECTED)
                .withData("state", state.name())
                .withData("uri", redis.settings().redactedUri());
        Diagnosis diagnosis = redis.lastDiagnosis();
        if (diagnosis != null) {
            response.withData("lastDiagnosis", diagnosis.code() + ": " + diagnosis.message())
                    .withData("hint", diagnosis.hint());
        }
        return response.build();
    }
}
