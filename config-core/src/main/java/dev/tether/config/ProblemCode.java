package dev.tether.config;

/**
 * Stable codes for what can be wrong with settings. Codes never change meaning; scripts may match on
 * them. The README's table lists them with their meaning.
 */
public enum ProblemCode {
    /** {@code REDIS_URL} cannot be read as a URL at all. */
    URL_MALFORMED(Severity.ERROR),
    /** The URL's scheme is not {@code redis} or {@code rediss} (e.g. Upstash's {@code https://} REST URL). */
    URL_SCHEME_UNSUPPORTED(Severity.ERROR),
    /** The URL has no host. */
    URL_HOST_MISSING(Severity.ERROR),
    /** The URL carries query parameters tether does not use; they are ignored. */
    URL_QUERY_IGNORED(Severity.WARNING),
    /** The port is not a number in 1..65535. */
    PORT_OUT_OF_RANGE(Severity.ERROR),
    /** The path after the host is not a database index 0..15 (or the server's {@code databases} limit). */
    DB_INDEX_INVALID(Severity.ERROR),
    /**
     * The seeds of a {@code REDIS_URL} list disagree: on the scheme (TLS or not, Sentinel or not), the
     * credentials or the database. Write the scheme and credentials once, on the first seed.
     */
    SEED_LIST_MIXED(Severity.ERROR),
    /** Cluster mode with a database index other than 0: a Redis Cluster has only database 0. */
    CLUSTER_DATABASE_NOT_ZERO(Severity.ERROR),
    /** A Sentinel URL without the primary's name ({@code #mymaster}). */
    SENTINEL_MASTER_MISSING(Severity.ERROR),
    /** {@code REDIS_MODE} contradicts the URL (sentinel mode with a {@code redis://} URL, standalone with several seeds). */
    MODE_CONFLICT(Severity.ERROR),
    /** A setting that only one mode uses is set in another ({@code REDIS_SENTINEL_PASSWORD} without Sentinel); it has no effect. */
    MODE_OPTION_UNUSED(Severity.WARNING),
    /** {@code rediss://} together with {@code REDIS_TLS=false}. */
    TLS_CONFLICT(Severity.ERROR),
    /** The provider only speaks TLS and the URL asked for plaintext: tether upgrades to TLS. */
    TLS_REQUIRED_BY_PROVIDER(Severity.WARNING),
    /** {@code REDIS_TLS_VERIFY=none}: any certificate is accepted, including an attacker's. */
    TLS_VERIFY_DISABLED(Severity.WARNING),
    /** {@code REDIS_TLS_VERIFY=ca} without {@code REDIS_TLS_CA_FILE}: {@code ca} trusts only that file. */
    TLS_CA_FILE_REQUIRED(Severity.ERROR),
    /** {@code REDIS_TLS_VERIFY=ca}: the chain is checked, the host name is not. */
    TLS_HOSTNAME_NOT_VERIFIED(Severity.WARNING),
    /** The client's private key file is readable by other users. */
    TLS_KEY_FILE_EXPOSED(Severity.WARNING),
    /** TLS options are set but TLS is off, so they have no effect. */
    TLS_OPTION_UNUSED(Severity.WARNING),
    /** A boolean setting is not {@code true} or {@code false}. */
    BOOLEAN_INVALID(Severity.ERROR),
    /** A setting with a fixed set of values has another value. */
    VALUE_UNKNOWN(Severity.ERROR),
    /** A duration is not {@code 2s}, {@code 500ms}, {@code 1m} or ISO-8601, or is not positive. */
    DURATION_INVALID(Severity.ERROR),
    /** {@code REDIS_TLS_CA_FILE} (or the client certificate/key file) cannot be read or holds no PEM data. */
    CA_FILE_UNREADABLE(Severity.ERROR),
    /** Only one of {@code REDIS_TLS_CERT_FILE} and {@code REDIS_TLS_KEY_FILE} is set. */
    TLS_CLIENT_CERT_INCOMPLETE(Severity.ERROR),
    /** A user name is set without a password: the server will refuse AUTH. */
    PASSWORD_MISSING(Severity.WARNING),
    /** The {@code .env} file does not follow the docker compose dialect. */
    DOTENV_SYNTAX(Severity.ERROR),
    /** The {@code .env} file requires a variable ({@code ${VAR:?message}}) that is not set. */
    DOTENV_REQUIRED_VARIABLE(Severity.ERROR),
    /** A configuration source (e.g. Doppler) failed to load. */
    SOURCE_FAILED(Severity.ERROR);

    private final Severity severity;

    ProblemCode(Severity severity) {
        this.severity = severity;
    }

    /** The severity a problem with this code has. */
    public Severity severity() {
        return severity;
    }
}
