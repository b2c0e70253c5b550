package dev.tether.config;

import java.util.Objects;

/**
 * One Redis endpoint: a host (name, IPv4 or IPv6 literal without brackets) and a port. A seed of a
 * cluster, a sentinel, or the one standalone server. Immutable and thread-safe.
 *
 * @param host the host; not blank
 * @param port the port, 1..65535
 */
public record RedisNode(String host, int port) {

    /** @throws IllegalArgumentException when the host is blank or the port outside 1..65535 */
    public RedisNode {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
    }

    /** {@code host:port}, with an IPv6 host in brackets ({@code [::1]:6379}). */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
