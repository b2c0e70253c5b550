package dev.tether.metrics;

import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TetherMetricsTest {

    @Test
    void metersFollowAnOutageFromLossToRecovery() {
        try (RedisServer server = RedisServer.plain().start();
             SharedRedis redis = SharedRedis.start(settings(server));
             TetherMetrics metrics = TetherMetrics.of(redis)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            metrics.bindTo(registry);
            redis.awaitReady(Duration.ofSeconds(30));
            assertThat(state(registry, "CONNECTED")).isEqualTo(1.0);
            assertThat(registry.get("tether.redis.outages").counters()).allMatch(c -> c.count() == 0);

            server.kill();
            await().atMost(Duration.ofSeconds(20)).until(() -> state(registry, "CONNECTED") == 0.0);
            assertThat(registry.get("tether.redis.outages").counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(1.0);
            RuntimeException notSent = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> redis.sync().ping());
            assertThat(notSent).isInstanceOf(RedisNotSentException.class);
            metrics.recordFailure(notSent);
            assertThat(registry.get("tether.redis.commands.failed").tags("outcome", "not_sent").counter().count()).isEqualTo(1.0);

            server.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> state(registry, "CONNECTED") == 1.0);
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("tether.redis.outage.duration").timer().count() == 1);
            assertThat(registry.get("tether.redis.outage.duration").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();
            assertThat(registry.get("tether.redis.reconnect.attempts").tags("outcome", "succeeded").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void registersEveryMeterBeforeTheFirstEventSoDashboardsSeeZeros() {
        try (RedisServer server = RedisServer.plain().start();
             SharedRedis redis = SharedRedis.start(settings(server));
             TetherMetrics metrics = TetherMetrics.of(redis)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            metrics.bindTo(registry);

            assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains(
                    "tether.redis.connection.state", "tether.redis.outages", "tether.redis.stalls", "tether.redis.reconnect.attempts",
                    "tether.redis.outage.duration", "tether.redis.recovery.attempts", "tether.redis.commands.failed",
                    "tether.redis.dedicated.connections");
            assertThat(registry.get("tether.redis.commands.failed").tags("outcome", "unknown", "reason", "STALLED").counter().count()).isZero();
        }
    }

    private static double state(SimpleMeterRegistry registry, String state) {
        return registry.get("tether.redis.connection.state").tag("state", state).gauge().value();
    }

    private static RedisSettings settings(RedisServer server) {
        return TetherConfig.builder().environment(Map.of("REDIS_URL", server.uri(), "REDIS_COMMAND_TIMEOUT", "1s"))
                .systemProperties(Map.of()).noDotEnvFile().discoverSources(false).build().resolve().requireValid();
    }
}
