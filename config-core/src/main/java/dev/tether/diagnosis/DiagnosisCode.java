package dev.tether.diagnosis;

/**
 * Stable codes for why a Redis connection fails. Used by {@code tether doctor}, by the bootstrap's
 * final error and by the outage WARN line, so that one cause always has one name.
 */
public enum DiagnosisCode {
    /** The host name does not resolve (renamed or deleted instance, typo). */
    DNS_UNRESOLVABLE("check the host name; a deleted or renamed managed instance stops resolving"),
    /** Nothing listens on the port (or a firewall rejects). */
    TCP_REFUSED("check the port and that the server runs; managed Redis: check the endpoint in the console"),
    /** The TCP connect got no answer in time (firewall drop, wrong network, security group). */
    TCP_TIMEOUT("check firewalls and security groups (ElastiCache only accepts connections from inside its VPC)"),
    /** A plaintext client reached a TLS-only port: the server resets at once (Upstash's ECONNRESET). */
    TLS_EXPECTED("the server speaks TLS: use rediss:// or REDIS_TLS=true"),
    /** A TLS client reached a plaintext port: the handshake gets no TLS answer. */
    TLS_NOT_OFFERED("the server does not speak TLS on this port: use redis://, or the provider's TLS port"),
    /** The server's certificate does not chain to a trusted CA. */
    TLS_UNTRUSTED("set REDIS_TLS_CA_FILE to the provider's CA bundle (PEM)"),
    /** The certificate is valid but not for this host name. */
    TLS_HOSTNAME_MISMATCH("connect with a host name the certificate names (see the TLS step), or have the server's certificate issued for this host name"),
    /** TLS failed for another reason (protocol, cipher, client certificate). */
    TLS_FAILED("check the TLS versions and, for mTLS, the client certificate"),
    /** The server wants a password and none was sent (NOAUTH). */
    AUTH_REQUIRED("set REDIS_PASSWORD, or the password part of REDIS_URL"),
    /** The user name or password is wrong (WRONGPASS). */
    AUTH_FAILED("check REDIS_PASSWORD / the URL's password, and REDIS_USERNAME for ACL users"),
    /** The ACL user may not run a command the client needs (NOPERM). */
    ACL_DENIED("grant the user the commands it needs (ACL SETUSER ... +@read +@write), or use another user"),
    /** The server has reached maxclients. */
    MAX_CLIENTS("too many connections: share one connection per process (tether does) and check other clients"),
    /** The server is loading its dataset into memory. */
    SERVER_LOADING("wait until the server has loaded its data"),
    /** Something other than Redis answered (an HTTP server, a proxy). */
    NOT_REDIS("the port belongs to another service; check the host and port"),
    /** TCP (and TLS) worked but HELLO/PING got no answer: a frozen server or a stalled network path. */
    SERVER_UNRESPONSIVE("the server or a proxy in between does not answer; check its health and load"),
    /** The connection was reset by the peer. */
    CONNECTION_RESET("the server or a proxy closed the connection; tether reconnects"),
    /** The connection closed with no clearer cause. */
    CONNECTION_CLOSED("the server or a proxy closed the connection; tether reconnects"),
    /**
     * The mode and the server disagree: standalone mode against a cluster node (every key of another
     * node's slots fails with MOVED), or cluster mode against a server without cluster support.
     */
    CLUSTER_MODE_MISMATCH("set REDIS_MODE to what the server is (auto detects it), or point REDIS_URL at the right endpoint"),
    /** The cluster reports {@code cluster_state:fail} although every slot is served: the node is cut off from a majority of primaries. */
    CLUSTER_DOWN("the cluster refuses commands (CLUSTERDOWN): check that a majority of primaries run and reach each other"),
    /** Some hash slots have no live primary: keys in them fail (CLUSTERDOWN) until they are assigned or a replica takes over. */
    CLUSTER_SLOTS_UNCOVERED("assign the slots (CLUSTER ADDSLOTS) or restore the failed primary; give every primary a replica"),
    /**
     * A node address that the cluster announces (CLUSTER SHARDS / NODES / SLOTS) cannot be reached from
     * here: clients are redirected there and fail (NAT, containers, a wrong {@code cluster-announce-ip}).
     */
    NODE_ADDRESS_UNREACHABLE("make the nodes announce addresses clients can reach (cluster-announce-ip/-port/-hostname), "
            + "or run the client where the announced addresses route"),
    /** The endpoint is a replica: writes fail with READONLY (a stale DNS name after a failover, or the reader endpoint). */
    READONLY_REPLICA("point REDIS_URL at the primary (the provider's primary endpoint), or use Sentinel or cluster mode"),
    /** No sentinel knows a primary by the configured name. */
    SENTINEL_MASTER_UNKNOWN("check the name after '#' in REDIS_URL against SENTINEL MASTERS on a sentinel"),
    /** The sentinels cannot reach their quorum or a majority (too few reachable), or name different primaries: no failover can happen. */
    SENTINEL_NO_QUORUM("run enough sentinels that a majority reach each other (3 on separate hosts), and check SENTINEL CKQUORUM"),
    /** Anything else. */
    UNKNOWN("run tether doctor for a step-by-step diagnosis");

    private final String hint;

    DiagnosisCode(String hint) {
        this.hint = hint;
    }

    /** A default hint for this code. */
    public String hint() {
        return hint;
    }
}
