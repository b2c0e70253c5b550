package dev.tether.doctor;

/**
 * The checks a {@link Doctor} run makes, in the order it makes them (the checks of the mode follow the
 * node's own); each has the label
 * {@code tether doctor} prints ({@code INFO server}).
 */
public enum DoctorCheck {
    /** The host name resolves; every address is listed. */
    DNS("DNS"),
    /** A TCP connection opens (each address in turn). */
    TCP("TCP"),
    /** The TLS handshake, verified as {@code REDIS_TLS_VERIFY} says; only with TLS. */
    TLS("TLS"),
    /** {@code HELLO 3} with credentials ({@code AUTH} before Redis 6). */
    AUTH("AUTH"),
    /** The server answers a command. */
    PING("PING"),
    /** Version and mode from {@code INFO server}. */
    INFO_SERVER("INFO server"),
    /** Connected clients against {@code maxclients}. */
    INFO_CLIENTS("INFO clients"),
    /** 20 PINGs on the open connection. */
    LATENCY("latency"),
    /** Standalone and auto mode: a primary ({@code INFO replication}), and whether it is a cluster node ({@code INFO cluster}). */
    ROLE("role"),
    /** Cluster mode: the server is a cluster node ({@code INFO cluster}); {@code CLUSTER INFO}'s figures. */
    CLUSTER("cluster"),
    /** Cluster mode: every one of the 16384 slots has a live primary; replicas per primary. */
    SLOTS("slots"),
    /** Cluster mode: {@code cluster_state:ok}. */
    CLUSTER_STATE("cluster_state"),
    /** Cluster mode: one node, a seed or an address the cluster announces, reached from here (DNS, TCP, TLS, AUTH, PING). */
    NODE("node"),
    /** Sentinel mode: one sentinel reached; the primary it names and its quorum check ({@code SENTINEL CKQUORUM}). */
    SENTINEL("sentinel"),
    /** Sentinel mode: the reachable sentinels name the same primary. */
    SENTINEL_AGREEMENT("sentinel agreement");

    private final String label;

    DoctorCheck(String label) {
        this.label = label;
    }

    /** The name printed for the step ({@code INFO server}); stable, also in {@code --json}. */
    public String label() {
        return label;
    }
}
