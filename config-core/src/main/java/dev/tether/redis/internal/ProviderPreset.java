package dev.tether.redis.internal;

import dev.tether.config.Provider;

import java.time.Duration;

/**
 * The connection tuning per provider, in one place, each with its reason. Timeouts themselves come
 * from the settings ({@code REDIS_COMMAND_TIMEOUT}, {@code REDIS_CONNECT_TIMEOUT}).
 *
 * @param keepAliveIdle     TCP keepalive: idle time before the first probe
 * @param keepAliveInterval TCP keepalive: time between probes
 * @param keepAliveCount    TCP keepalive: unanswered probes before the kernel drops the connection
 * @param tcpUserTimeout    TCP_USER_TIMEOUT (epoll only): how long sent data may stay unacknowledged
 * @param idlePing          PING an idle connection this often, to find a dead one before a command does
 * @param reason            why these values
 */
public record ProviderPreset(Duration keepAliveIdle, Duration keepAliveInterval, int keepAliveCount,
                             Duration tcpUserTimeout, Duration idlePing, String reason) {

    /** The preset for a provider. */
    public static ProviderPreset of(Provider provider) {
        return switch (provider) {
            case UPSTASH -> new ProviderPreset(Duration.ofSeconds(30), Duration.ofSeconds(10), 3, Duration.ofSeconds(20), Duration.ofSeconds(30),
                    "TLS only (plaintext is reset); its proxies drop idle connections, so keepalive every 30s and an idle PING keep it warm and expose dead ones");
            case REDIS_CLOUD -> new ProviderPreset(Duration.ofSeconds(60), Duration.ofSeconds(15), 3, Duration.ofSeconds(30), Duration.ofSeconds(60),
                    "long-lived connections through cloud load balancers; keepalive under their idle timeouts");
            case ELASTICACHE -> new ProviderPreset(Duration.ofSeconds(60), Duration.ofSeconds(15), 3, Duration.ofSeconds(30), Duration.ofSeconds(60),
                    "AWS NAT gateways and NLBs drop idle flows after 350s; keepalive at 60s stays well under it");
            case AZURE -> new ProviderPreset(Duration.ofSeconds(60), Duration.ofSeconds(15), 3, Duration.ofSeconds(30), Duration.ofSeconds(60),
                    "Azure's load balancer drops idle connections after 4 minutes and the cache closes idle clients after 10");
            case LOCAL -> new ProviderPreset(Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ofSeconds(10), Duration.ofSeconds(10),
                    "same machine: failures are fast and cheap to detect");
            case GENERIC -> new ProviderPreset(Duration.ofSeconds(60), Duration.ofSeconds(15), 3, Duration.ofSeconds(30), Duration.ofSeconds(30),
                    "unknown network path: keepalive under common NAT idle timeouts");
        };
    }
}
