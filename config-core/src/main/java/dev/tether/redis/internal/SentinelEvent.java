package dev.tether.redis.internal;

import java.util.List;

/**
 * A failover event a sentinel publishes about the master tether follows (redis/redis {@code sentinel.c}:
 * {@code sentinelEvent}, {@code sentinelFailover*}). The leader of a failover announces, in order:
 * {@code +try-failover}, {@code +elected-leader}, {@code +failover-state-select-slave}, {@code +selected-slave},
 * {@code +failover-state-send-slaveof-noone} (the next timer tick sends {@code REPLICAOF NO ONE} to the replica),
 * {@code +failover-state-wait-promotion}, {@code +promoted-slave}, {@code +failover-state-reconf-slaves},
 * {@code +failover-end}, {@code +switch-master}. From {@code REPLICAOF NO ONE} on there are two primaries: the old one
 * takes writes until a sentinel demotes it ({@code +convert-to-slave}, 4 publish periods = 8 s after it first sees it,
 * that is after {@code +switch-master}) and then drops them in its resync.
 *
 * @param kind what happened
 * @param host for {@link Kind#PROMOTED} and {@link Kind#SWITCHED}: the new primary's address; otherwise {@code null}
 * @param port for {@link Kind#PROMOTED} and {@link Kind#SWITCHED}: the new primary's port; otherwise 0
 */
record SentinelEvent(Kind kind, String host, int port) {
    enum Kind {
        /** This sentinel is failing the master over: the old primary's writes may be discarded from here on. */
        FAILOVER_STARTED,
        /** This sentinel gave up its failover ({@code -failover-abort-*}): the master did not change. */
        FAILOVER_ABORTED,
        /**
         * The replica the leader chose reports itself primary ({@code +promoted-slave}, seen in its {@code INFO}); the
         * leader now only reconfigures the other replicas ({@code +failover-state-reconf-slaves}, {@code +slave-reconf-*},
         * as slowly as {@code parallel-syncs} lets it) before {@code +failover-end} and {@code +switch-master}.
         */
        PROMOTED,
        /** The master is at a new address ({@code +switch-master}): the failover is over. */
        SWITCHED
    }

    static final String SWITCH = "+switch-master";
    static final String PROMOTED = "+promoted-slave";
    /** Before the promotion: the old primary is still the only one, but not for long. */
    private static final List<String> STARTED = List.of("+try-failover", "+elected-leader", "+failover-state-select-slave",
            "+selected-slave", "+failover-state-send-slaveof-noone", "+failover-state-wait-promotion");
    /** Only before the promotion: afterwards the failover ends with {@code +switch-master} whatever happens. */
    private static final List<String> ABORTED = List.of("-failover-abort-not-elected", "-failover-abort-no-good-slave",
            "-failover-abort-slave-timeout");

    /** Every channel to subscribe to. */
    static List<String> channels() {
        return java.util.stream.Stream.of(STARTED, ABORTED, List.of(PROMOTED, SWITCH)).flatMap(List::stream).toList();
    }

    /**
     * The event in {@code message} on {@code channel}, or {@code null} when it is about another master or not a failover
     * event. Instance events read {@code <type> <name> <ip> <port> [@ <master> <ip> <port>]} (a replica's name is
     * {@code ip:port});
     * {@code +switch-master} reads {@code <master> <old-ip> <old-port> <new-ip> <new-port>}.
     */
    static SentinelEvent parse(String master, String channel, String message) {
        String[] f = message.trim().split(" ");
        if (channel.equals(SWITCH)) {
            if (f.length < 5 || !f[0].equals(master)) {
                return null;
            }
            try {
                return new SentinelEvent(Kind.SWITCHED, f[3], Integer.parseInt(f[4]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (channel.equals(PROMOTED)) {
            // slave <ip:port> <ip> <port> @ <master> <master-ip> <master-port>
            if (f.length < 4 || !f[0].equals("slave") || !master.equals(masterOf(f))) {
                return null;
            }
            try {
                return new SentinelEvent(Kind.PROMOTED, f[2], Integer.parseInt(f[3]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        boolean started = STARTED.contains(channel);
        if (!started && !ABORTED.contains(channel) || !master.equals(masterOf(f))) {
            return null;
        }
        return new SentinelEvent(started ? Kind.FAILOVER_STARTED : Kind.FAILOVER_ABORTED, null, 0);
    }

    private static String masterOf(String[] f) {
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals("@")) {
                return f[i + 1];
            }
        }
        return f.length > 1 && f[0].equals("master") ? f[1] : null;
    }
}
