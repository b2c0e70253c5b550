package dev.tether.metrics;

import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionListener;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer meters for one {@link SharedRedis}, built on its public {@link ConnectionListener}
 * events (no supervisor internals). Bind it to one or more registries; Spring Boot and the
 * MicroProfile module do that for you.
 *
 * <table>
 * <caption>Meters (Micrometer names; Prometheus turns dots into underscores and adds unit suffixes)</caption>
 * <tr><td>{@code tether.redis.connection.state}</td><td>gauge, tag {@code state}: 1 for the current state, 0 for the others</td></tr>
 * <tr><td>{@code tether.redis.outages}</td><td>counter, tag {@code cause} (diagnosis code): connections lost or
 *     replaced after a stall</td></tr>
 * <tr><td>{@code tether.redis.stalls}</td><td>counter: connections replaced by the stall watchdog</td></tr>
 * <tr><td>{@code tether.redis.reconnect.attempts}</td><td>counter, tag {@code outcome} ({@code failed}, {@code succeeded})</td></tr>
 * <tr><td>{@code tether.redis.outage.duration}</td><td>timer: how long each outage lasted, recorded at recovery</td></tr>
 * <tr><td>{@code tether.redis.recovery.attempts}</td><td>distribution summary: reconnect attempts each recovery took</td></tr>
 * <tr><td>{@code tether.redis.commands.failed}</td><td>counter, tags {@code outcome} ({@code not_sent},
 *     {@code unknown}, {@code refused}) and {@code reason} ({@code disconnected}; {@code TIMEOUT},
 *     {@code CONNECTION_LOST}, {@code STALLED}; the refused command, e.g. {@code MULTI}): every command of
 *     the shared connection that failed because of the connection, whatever the caller (sync, async,
 *     reactive, Spring Data), seen through {@link ConnectionListener#onCommandFailed(RuntimeException)}</td></tr>
 * </table>
 *
 * <p>Thread-safe. The listener is registered on construction; {@link #close()} removes it.
 */
public final class TetherMetrics implements MeterBinder, AutoCloseable {
    private final SharedRedis redis;
    private final Tags tags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final ConnectionListener listener = new ConnectionListener() {
        @Override
        public void onEvent(ConnectionEvent event) {
            TetherMetrics.this.onEvent(event);
        }

        @Override
        public void onCommandFailed(RuntimeException failure) {
            recordFailure(failure);
        }
    };
    private final AtomicInteger failedAttempts = new AtomicInteger();

    private TetherMetrics(SharedRedis redis, Iterable<Tag> tags) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        redis.addListener(listener);
    }

    /** Meters for {@code redis}, with no extra tags. */
    public static TetherMetrics of(SharedRedis redis) {
        return new TetherMetrics(redis, Tags.empty());
    }

    /** Meters for {@code redis}, each with {@code tags} (e.g. {@code client=orders} for a second instance). */
    public static TetherMetrics of(SharedRedis redis, Iterable<Tag> tags) {
        return new TetherMetrics(redis, tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ConnectionState state : ConnectionState.values()) {
            Gauge.builder("tether.redis.connection.state", redis, r -> r.state() == state ? 1 : 0)
                    .tags(tags).tag("state", state.name())
                    .description("1 for the shared connection's current state, 0 for the others")
                    .register(registry);
        }
        Gauge.builder("tether.redis.dedicated.connections", redis, SharedRedis::dedicatedCount)
                .tags(tags).description("dedicated connections open (blocking consumers)").register(registry);
        // Register the zero-valued meters up front, so that dashboards see them before the first outage.
        outages(registry, "none");
        stalls(registry);
        reconnects(registry, "failed");
        reconnects(registry, "succeeded");
        outageDuration(registry);
        recoveryAttempts(registry);
        failed(registry, "not_sent", "disconnected");
        for (RedisOutcomeUnknownException.Reason reason : RedisOutcomeUnknownException.Reason.values()) {
            failed(registry, "unknown", reason.name());
        }
        registries.add(registry);
    }

    /** Counts a failed command in {@code tether.redis.commands.failed}; other exceptions are ignored. */
    private void recordFailure(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof CommandRefusedException refused) {
                registries.forEach(r -> failed(r, "refused", refused.command()).increment());
                return;
            }
            if (e instanceof RedisNotSentException) {
                registries.forEach(r -> failed(r, "not_sent", "disconnected").increment());
                return;
            }
            if (e instanceof RedisOutcomeUnknownException unknown) {
                registries.forEach(r -> failed(r, "unknown", unknown.reason().name()).increment());
                return;
            }
        }
    }

    /** Stops listening; the meters stay registered with their last values. */
    @Override
    public void close() {
        redis.removeListener(listener);
    }

    private void onEvent(ConnectionEvent event) {
        // Events come from tether's one supervisor thread; the counter needs no more than atomicity.
        switch (event.type()) {
            case DISCONNECTED, STALLED -> failedAttempts.set(0);
            case RECONNECT_FAILED -> failedAttempts.incrementAndGet();
            default -> {
            }
        }
        for (MeterRegistry registry : registries) {
            switch (event.type()) {
                case DISCONNECTED -> outages(registry, cause(event)).increment();
                case STALLED -> {
                    outages(registry, cause(event)).increment();
                    stalls(registry).increment();
                }
                case RECONNECT_FAILED -> reconnects(registry, "failed").increment();
                case RECOVERED -> {
                    reconnects(registry, "succeeded").increment();
                    outageDuration(registry).record(event.outage());
                    recoveryAttempts(registry).record(failedAttempts.get() + 1);
                }
                default -> {
                }
            }
        }
    }

    private static String cause(ConnectionEvent event) {
        if (event.diagnosis() != null) {
            return String.valueOf(event.diagnosis().code());
        }
        return event.type() == ConnectionEvent.Type.STALLED ? "STALLED" : "unknown";
    }

    private Counter outages(MeterRegistry registry, String cause) {
        return Counter.builder("tether.redis.outages").tags(tags).tag("cause", cause)
                .description("shared connection losses, by classified cause").register(registry);
    }

    private Counter stalls(MeterRegistry registry) {
        return Counter.builder("tether.redis.stalls").tags(tags)
                .description("connections replaced because the server stopped answering").register(registry);
    }

    private Counter reconnects(MeterRegistry registry, String outcome) {
        return Counter.builder("tether.redis.reconnect.attempts").tags(tags).tag("outcome", outcome)
                .description("reconnect attempts of the shared connection").register(registry);
    }

    private Timer outageDuration(MeterRegistry registry) {
        return Timer.builder("tether.redis.outage.duration").tags(tags)
                .description("how long the shared connection was down, recorded when it recovers").register(registry);
    }

    private DistributionSummary recoveryAttempts(MeterRegistry registry) {
        return DistributionSummary.builder("tether.redis.recovery.attempts").tags(tags)
                .description("reconnect attempts a recovery took").register(registry);
    }

    private Counter failed(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("tether.redis.commands.failed").tags(tags).tag("outcome", outcome).tag("reason", reason)
                .description("commands that failed because of the connection (not Redis errors)").register(registry);
    }
}
