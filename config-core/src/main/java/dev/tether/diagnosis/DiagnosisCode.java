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
