package dev.tether.redis.internal;

import dev.tether.config.ReadPreference;
import io.lettuce.core.ReadFrom;

/**
 * The Lettuce {@link ReadFrom} preset for each {@link ReadPreference}. Kept on the connection's side
 * so that resolving settings loads no Lettuce class.
 */
public final class ReadFroms {
    private ReadFroms() {
    }

    /** Lettuce's preset for {@code preference}. */
    public static ReadFrom of(ReadPreference preference) {
        return switch (preference) {
            case PRIMARY -> ReadFrom.UPSTREAM;
            case PRIMARY_PREFERRED -> ReadFrom.UPSTREAM_PREFERRED;
            case REPLICA -> ReadFrom.REPLICA;
            case REPLICA_PREFERRED -> ReadFrom.REPLICA_PREFERRED;
            case ANY_REPLICA -> ReadFrom.ANY_REPLICA;
            case LOWEST_LATENCY -> ReadFrom.LOWEST_LATENCY;
            case ANY -> ReadFrom.ANY;
        };
    }
}
