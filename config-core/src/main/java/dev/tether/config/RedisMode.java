package dev.tether.config;

import java.util.Locale;

/**
 * How tether talks to Redis, from {@code REDIS_MODE} and the shape of {@code REDIS_URL}.
 *
 * <p>{@link RedisSettings#mode()} is never {@link #AUTO} when the URL already decides: a
 * {@code redis-sentinel://} URL is {@link #SENTINEL}, a seed list of more than one node is
 * {@link #CLUSTER}. {@link #AUTO} remains only for one node under {@code REDIS_MODE=auto}, where the
 * connection asks the server ({@code INFO cluster}) whether it is a cluster node.
 */
public enum RedisMode {
    /** One node, cluster or not: decided at connect from the server's {@code cluster_enabled}. */
    AUTO,
    /** One server (a primary, or a provider's single endpoint). */
    STANDALONE,
    /** A Redis Cluster reached through its seed nodes (or a configuration endpoint). */
    CLUSTER,
    /** A primary found through Sentinel; the nodes are the sentinels. */
    SENTINEL;

    /** The lower-case name used in {@code REDIS_MODE} ({@code cluster}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
