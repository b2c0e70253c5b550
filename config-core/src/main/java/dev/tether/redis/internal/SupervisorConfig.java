package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * What one supervised connection needs to know.
 *
 * @param settings            where and how to connect
 * @param commandTimeout      how long a caller waits for a reply; {@code null} waits without limit (blocking consumers)
 * @param disconnectedWait    how long a command may wait for a connection while disconnected; zero fails fast
 * @param bootstrapBudget     how long the first connection may take before the readiness gate fails
 * @param backoffMin          first reconnect delay
 * @param backoffMax          reconnect delay cap
 * @param demandInterval      minimum spacing of reconnect attempts triggered by commands arriving while disconnected
 * @param stallTimeout        commands outstanding with no reply this long means a stall; {@code null} disables the watchdog
 * @param idlePing            PING an idle connection this often; {@code null} disables
 * @param credentialsRefresh  re-resolves settings when the server refuses the credentials; {@code null} disables
 */
public record SupervisorConfig(RedisSettings settings, Duration commandTimeout, Duration disconnectedWait, Duration bootstrapBudget,
                               Duration backoffMin, Duration backoffMax, Duration demandInterval, Duration stallTimeout,
                               Duration idlePing, Supplier<RedisSettings> credentialsRefresh) {
}
