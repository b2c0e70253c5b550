package dev.tether.config.internal;

import dev.tether.config.RedisNode;

import java.util.List;

/**
 * The parts of a {@code REDIS_URL}: one server, a cluster's seed list or Sentinel's. {@code password}
 * may be a credential: never print it. {@code username}, {@code password} and {@code masterId} are
 * {@code null} where the URL does not say.
 *
 * @param nodes    the servers, seeds or sentinels, in the order written; never empty
 * @param sentinel whether the scheme is {@code redis-sentinel} or {@code rediss-sentinel}
 * @param masterId the primary's name in Sentinel ({@code #mymaster}), only with {@code sentinel}
 */
record ParsedRedisUrl(String scheme, boolean tls, boolean sentinel, List<RedisNode> nodes, int database,
                      String username, String password, String masterId) {

    ParsedRedisUrl {
        nodes = List.copyOf(nodes);
    }

    /** The first node's host. */
    String host() {
        return nodes.get(0).host();
    }

    /** The first node's port. */
    int port() {
        return nodes.get(0).port();
    }
}
