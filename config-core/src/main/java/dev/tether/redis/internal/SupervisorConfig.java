package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;

import java.time.Duration;

/**
 * What one supervised connection needs to know.
 *
 * @param settings         where and how to connect
 * @param name             how logs name this connection ({@code shared}, {@code dedicated #3})
 * @param commandTimeout   how long a caller waits for a reply; {@code null} waits without limit (blocking consumers)
 * @param disconnectedWait how long a command may wait for a connection while disconnected; zero fails fast
 * @param bootstrapBudget  how long the first connection may take before the readiness gate fails
 * @param backoffMin       first reconnect delay
 * @param backoffMax       reconnect delay cap
 * @param stallTimeout     no progress this long while the oldest waiting command is past its own timeout
 *                         means a stall (confirmed by a probe); {@code null} disables the watchdog
 * @param idlePing         PING an idle connection this often; {@code null} disables
 */
public record SupervisorConfig(RedisSettings settings, String name, Duration commandTimeout, Duration disconnectedWait,
                               Duration bootstrapBudget, Duration backoffMin, Duration backoffMax, Duration stallTimeout,
                               Duration idlePing) {
}
