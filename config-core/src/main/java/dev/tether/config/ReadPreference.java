package dev.tether.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which node serves reads in cluster and Sentinel mode, from {@code REDIS_READ_FROM}; one constant
 * per Lettuce {@code ReadFrom} preset (the connection maps them: resolving settings loads no Lettuce
 * class). Writes always go to the primary. In standalone mode only
 * {@link #PRIMARY} has a meaning (there is one node). Reads from replicas may be stale:
 * replication is asynchronous.
 */
public enum ReadPreference {
    /** Only the primary (default): reads see every acknowledged write. */
    PRIMARY("primary"),
    /** The primary; a replica while the primary is unreachable. */
    PRIMARY_PREFERRED("primary-preferred"),
    /** Only replicas. */
    REPLICA("replica"),
    /** Replicas; the primary while no replica is reachable. */
    REPLICA_PREFERRED("replica-preferred"),
    /** Any replica, chosen at random per read. */
    ANY_REPLICA("any-replica"),
    /** The node with the lowest measured latency, primary or replica ({@code nearest} is accepted too). */
    LOWEST_LATENCY("lowest-latency"),
    /** Any node, primary or replica. */
    ANY("any");

    private final String id;

    ReadPreference(String id) {
        this.id = id;
    }

    /** The name written in {@code REDIS_READ_FROM} ({@code replica-preferred}). */
    public String id() {
        return id;
    }

    /**
     * The preference named {@code text}: tether's ids ({@code replica-preferred}) and Lettuce's names
     * ({@code replicaPreferred}, {@code REPLICA_PREFERRED}, {@code master}, {@code upstream},
     * {@code slave}, {@code nearest}), case-insensitive; empty when none matches.
     */
    public static Optional<ReadPreference> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return Optional.ofNullable(switch (key) {
            case "primary", "master", "upstream" -> PRIMARY;
            case "primarypreferred", "masterpreferred", "upstreampreferred" -> PRIMARY_PREFERRED;
            case "replica", "slave" -> REPLICA;
            case "replicapreferred", "slavepreferred" -> REPLICA_PREFERRED;
            case "anyreplica" -> ANY_REPLICA;
            case "lowestlatency", "nearest" -> LOWEST_LATENCY;
            case "any" -> ANY;
            default -> null;
        });
    }
}
