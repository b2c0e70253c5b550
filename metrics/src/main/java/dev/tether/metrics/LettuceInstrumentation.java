package dev.tether.metrics;

import io.lettuce.core.metrics.CommandLatencyId;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lettuce's own instrumentation for tether's connections, as customizers for
 * {@code SharedRedis.Builder.clientResources(...)}:
 *
 * <pre>{@code
 * SharedRedis redis = SharedRedis.builder(settings)
 *         .clientResources(LettuceInstrumentation.commandLatency(meterRegistry))
 *         .clientResources(LettuceInstrumentation.tracing(observationRegistry))
 *         .start();
 * }</pre>
 *
 * <table>
 * <caption>Meters of {@link #commandLatency(MeterRegistry)}</caption>
 * <tr><td>{@code tether.redis.command.completion}</td><td>timer, tags {@code command} (e.g. {@code SET}) and
 *     {@code remote}: from writing a command to its complete reply</td></tr>
 * <tr><td>{@code tether.redis.command.first.response}</td><td>timer, same tags: from writing a command to
 *     the first byte of its reply</td></tr>
 * </table>
 *
 * Recorded by Lettuce ({@link MicrometerCommandLatencyRecorder}) for every command answered on any of
 * the instance's connections (shared, dedicated, pipelining); commands without a reply are counted
 * by {@link TetherMetrics} instead. Stateless and thread-safe.
 */
public final class LettuceInstrumentation {
    private LettuceInstrumentation() {
    }

    /** Command latency timers in {@code registry}, with Lettuce's default {@link MicrometerOptions} (no histogram). */
    public static Consumer<ClientResources.Builder> commandLatency(MeterRegistry registry) {
        return commandLatency(registry, MicrometerOptions.create());
    }

    /**
     * Command latency timers in {@code registry}; {@code options} choose histograms, percentiles,
     * extra tags ({@link MicrometerOptions#tags()}) and which commands are recorded.
     */
    public static Consumer<ClientResources.Builder> commandLatency(MeterRegistry registry, MicrometerOptions options) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(options, "options");
        return resources -> resources.commandLatencyRecorder(new TetherLatencyRecorder(registry, options));
    }

    /**
     * Tracing spans (and Micrometer Observations) for every command through {@code registry}: with
     * Micrometer Tracing and a Brave or OpenTelemetry bridge, each command becomes a span in the
     * caller's trace. Command arguments are not recorded (they may hold secrets).
     */
    public static Consumer<ClientResources.Builder> tracing(ObservationRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return resources -> resources.tracing(new MicrometerTracing(registry, "redis", false));
    }

    /** Lettuce's Micrometer recorder under tether's meter names. */
    private static final class TetherLatencyRecorder extends MicrometerCommandLatencyRecorder {
        private final MeterRegistry registry;
        private final MicrometerOptions options;

        TetherLatencyRecorder(MeterRegistry registry, MicrometerOptions options) {
            super(registry, options);
            this.registry = registry;
            this.options = options;
        }

        @Override
        protected Timer completionTimer(CommandLatencyId id) {
            return timer("tether.redis.command.completion", "from writing a Redis command to its complete reply", id);
        }

        @Override
        protected Timer firstResponseTimer(CommandLatencyId id) {
            return timer("tether.redis.command.first.response", "from writing a Redis command to the first byte of its reply", id);
        }

        private Timer timer(String name, String description, CommandLatencyId id) {
            Timer.Builder timer = Timer.builder(name).description(description)
                    .tags(Tags.of(Tag.of("command", id.commandType().name()), Tag.of("remote", id.remoteAddress().toString())))
                    .tags(options.tags());
            if (options.isHistogram()) {
                timer.publishPercentileHistogram().publishPercentiles(options.targetPercentiles())
                        .minimumExpectedValue(options.minLatency()).maximumExpectedValue(options.maxLatency());
            }
            return timer.register(registry);
        }
    }
}
