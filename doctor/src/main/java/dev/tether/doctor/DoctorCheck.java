package dev.tether.doctor;

/**
 * The checks a {@link Doctor} run makes, in the order it makes them; each has the label
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
    LATENCY("latency");

    private final String label;

    DoctorCheck(String label) {
        this.label = label;
    }

    /** The name printed for the step ({@code INFO server}); stable, also in {@code --json}. */
    public String label() {
        return label;
    }
}
