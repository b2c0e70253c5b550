package dev.tether.config;

import io.lettuce.core.ReadFrom;

import java.util.Locale;
import java.util.Optional;

/**
 * Which node serves reads in cluster and Sentinel mode, from {@code REDIS_READ_FROM}; one constant
 * per Lettuce {@link ReadFrom} preset. Writes always go to the primary. In standalone mode only
 * {@link #PRIMARY} has a meaning (there is one node). Reads from replicas may be stale:
 * replication is asynchronous.
 */
public enum ReadPreference {
    /** Only the primary (default): reads see every acknowledged write. */
    PRIMARY("primary", ReadFrom.UPSTREAM),
    /** The primary; a replica while the primary is unreachable. */
    PRIMARY_PREFERRED("primary-preferred", ReadFrom.UPSTREAM_PREFERRED),
    /** Only replicas. */
    REPLICA("replica", ReadFrom.REPLICA),
    /** Replicas; the primary while no replica is reachable. */
    REPLICA_PREFERRED("replica-preferred", ReadFrom.REPLICA_PREFERRED),
    /** Any replica, chosen at random per read. */
    ANY_REPLICA("any-replica", ReadFrom.ANY_REPLICA),
    /** The node with the lowest measured latency, primary or replica ({@code nearest} is accepted too). */
    LOWEST_LATENCY("lowest-latency", ReadFrom.LOWEST_LATENCY),
    /** Any node, primary or replica. */
    ANY("any", ReadFrom.ANY);

    private final String id;
    private final ReadFrom readFrom;

    ReadPreference(String id, ReadFrom readFrom) {
        this.id = id;
        this.readFrom = readFrom;
    }

    /** The name written in {@code REDIS_READ_FROM} ({@code replica-preferred}). */
    public String id() {
        return id;
    }

    /** The Lettuce setting this maps to. */
    public ReadFrom toReadFrom() {
        return readFrom;
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
