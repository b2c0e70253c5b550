package dev.tether.redis.internal;

/**
 * Error replies that say the server behind a standalone connection is no longer the primary it was
 * (a failover behind a DNS name, a cluster or a server restarting): {@code READONLY} (demoted to a
 * replica), {@code MOVED} (a cluster answered), {@code CLUSTERDOWN}, and {@code LOADING} (the server
 * restarted and is loading, as after a failover). The connection is retired and a new one is made
 * with a fresh address lookup; a new connection counts as up only once its server has loaded its
 * dataset ({@link LoadingWait}).
 */
final class TopologySignal {
    private TopologySignal() {
    }

    /** The reply's code when it is a topology signal, else {@code null}. */
    static String of(Throwable errorReply) {
        String m = errorReply.getMessage();
        if (m == null) {
            return null;
        }
        for (String code : new String[]{"READONLY", "MOVED", "CLUSTERDOWN", "LOADING"}) {
            if (m.startsWith(code + " ") || m.equals(code)) {
                return code;
            }
        }
        return null;
    }

    /** What the signal means, for the one WARN line. */
    static String meaning(String code) {
        return switch (code) {
            case "READONLY" -> "the server is a replica now (failover: the primary was demoted)";
            case "MOVED" -> "the server is a cluster node that redirects keys (use a cluster URL)";
            case "CLUSTERDOWN" -> "the cluster is down";
            default -> "the server is loading its dataset (restarted, or promoted after a failover)";
        };
    }
}
