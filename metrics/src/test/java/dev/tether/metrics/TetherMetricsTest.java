package dev.tether.metrics;

import dev.tether.config.RedisSettings;
import dev.tether.config.TetherConfig;
import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void everyFailedCommandOfTheSharedConnectionIsCountedWhateverTheCaller() throws Exception {
        try (RedisServer server = RedisServer.plain().start();
             SharedRedis redis = SharedRedis.start(settings(server));
             TetherMetrics metrics = TetherMetrics.of(redis)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            metrics.bindTo(registry);
            redis.awaitReady(Duration.ofSeconds(30));

            assertThatThrownBy(() -> redis.sync().multi()).isInstanceOf(CommandRefusedException.class);
            assertThatThrownBy(() -> redis.reactive().select(2).block()).isInstanceOf(CommandRefusedException.class);
            assertThat(failed(registry, "refused", "MULTI")).isEqualTo(1.0);
            assertThat(failed(registry, "refused", "SELECT")).isEqualTo(1.0);

            server.freeze();
            try {
                // both written before the first one's timeout: once a command is past its own timeout on a silent
                // connection, the watchdog retires it, and later commands fail as "not sent" on the next one
                var async = redis.async().get("frozen").toCompletableFuture();
                assertThatThrownBy(() -> redis.sync().get("frozen")).isInstanceOf(RedisOutcomeUnknownException.class);
                assertThat(async).failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(RedisOutcomeUnknownException.class);
            } finally {
                server.unfreeze();
            }
            double unknown = registry.get("tether.redis.commands.failed").tags("outcome", "unknown").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertThat(unknown).isEqualTo(2.0);

            server.kill();
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.state() != ConnectionState.CONNECTED);
            assertThatThrownBy(() -> redis.sync().set("k", "v")).isInstanceOf(RedisNotSentException.class);
            assertThat(redis.async().set("k", "v").toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(RedisNotSentException.class);
            assertThatThrownBy(() -> redis.reactive().set("k", "v").block(Duration.ofSeconds(5))).isInstanceOf(RedisNotSentException.class);
            assertThat(failed(registry, "not_sent", "disconnected")).isEqualTo(3.0);
        }
    }

    @Test
    void commandLatencyTimerCountsEachCommandOfItsType() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisServer server = RedisServer.plain().start();
             SharedRedis redis = SharedRedis.builder(settings(server)).clientResources(LettuceInstrumentation.commandLatency(registry)).start()) {
            redis.awaitReady(Duration.ofSeconds(30));
            for (int i = 0; i < 25; i++) {
                redis.sync().set("latency:" + i, "v");
            }
            redis.async().get("latency:0");

            await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("tether.redis.command.completion").tag("command", "SET").timer() != null
                    && registry.get("tether.redis.command.completion").tag("command", "SET").timer().count() == 25);
            Timer sets = registry.get("tether.redis.command.completion").tag("command", "SET").timer();
            assertThat(sets.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("tether.redis.command.first.response").tag("command", "SET").timer().count()).isEqualTo(25);
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("tether.redis.command.completion").tag("command", "GET").timer() != null);
            assertThat(registry.get("tether.redis.command.completion").tag("command", "GET").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void tracingObservesEveryCommandThroughTheObservationRegistry() {
        ObservationRegistry observations = ObservationRegistry.create();
        List<String> observed = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                observed.add(String.valueOf(context.getContextualName()));
            }
        });
        try (RedisServer server = RedisServer.plain().start();
             SharedRedis redis = SharedRedis.builder(settings(server)).clientResources(LettuceInstrumentation.tracing(observations)).start()) {
            redis.awaitReady(Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                redis.sync().set("traced:" + i, "v");
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> observed.stream().filter(n -> n.equalsIgnoreCase("set")).count() == 3);
        }
    }

    private static double failed(SimpleMeterRegistry registry, String outcome, String reason) {
        return registry.get("tether.redis.commands.failed").tags("outcome", outcome, "reason", reason).counter().count();
    }

    private static double state(SimpleMeterRegistry registry, String state) {
        return registry.get("tether.redis.connection.state").tag("state", state).gauge().value();
    }

    private static RedisSettings settings(RedisServer server) {
        return TetherConfig.builder().environment(Map.of("REDIS_URL", server.uri(), "REDIS_COMMAND_TIMEOUT", "1s"))
                .systemProperties(Map.of()).noDotEnvFile().discoverSources(false).build().resolve().requireValid();
    }
}
