package dev.tether.config;

import java.util.Locale;

/**
 * The settings tether reads. Each works as an environment variable ({@code REDIS_URL}) and as a
 * MicroProfile property ({@code redis.url}).
 */
public enum SettingKey {
    /**
     * {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...}; a cluster's seed list
     * {@code rediss://user:password@node1:6379,node2:6379} (later seeds inherit the first's scheme and
     * credentials); Sentinel's {@code redis-sentinel://[user:password@]s1:26379,s2:26379[/db]#mymaster}
     * ({@code rediss-sentinel://} for TLS).
     */
    URL("redis://localhost:6379"),
    /** {@code auto} (default: from the URL, else asked at connect), {@code standalone}, {@code cluster} or {@code sentinel}. */
    MODE("auto"),
    /** Which nodes serve reads in cluster and Sentinel mode: {@code primary} (default), {@code replica-preferred}, … (Lettuce's {@code ReadFrom}). */
    READ_FROM("primary"),
    /** {@code true} forces TLS (upgrades {@code redis://}); {@code false} forbids it. */
    TLS(null),
    /** ACL user name; overrides the URL's user. */
    USERNAME(null),
    /** Password; overrides the URL's password. */
    PASSWORD(null),
    /** The sentinels' own password, when they have one (the URL's password is the primary's and replicas'). */
    SENTINEL_PASSWORD(null),
    /** Name sent with {@code CLIENT SETNAME}, shown in {@code CLIENT LIST}. */
    CLIENT_NAME(null),
    /** How long a command may take before it fails: {@code 2s}, {@code 500ms}, {@code PT2S}. */
    COMMAND_TIMEOUT(null),
    /** How long a TCP (and TLS) connect may take. */
    CONNECT_TIMEOUT(null),
    /** A PEM file of CA certificates: trusted in addition to the JDK's with {@code full}, the only ones trusted with {@code ca}. */
    TLS_CA_FILE(null),
    /** A PEM client certificate (chain) for mutual TLS; needs {@link #TLS_KEY_FILE}. */
    TLS_CERT_FILE(null),
    /** The PEM (PKCS#8) private key of {@link #TLS_CERT_FILE}. */
    TLS_KEY_FILE(null),
    /** The password of {@link #TLS_KEY_FILE} when it is an encrypted PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
    TLS_KEY_PASSWORD(null),
    /** Certificate verification: {@code full} (default), {@code ca} (no hostname check) or {@code none}. */
    TLS_VERIFY(null),
    /** Provider preset: {@code auto} (default, from the host), {@code upstash}, {@code redis-cloud}, {@code elasticache}, {@code azure}, {@code local}. */
    PROVIDER(null);

    private final String defaultValue;
    /** Both names are made once: every resolution asks every source for both. */
    private final String envName;
    private final String property;

    SettingKey(String defaultValue) {
        this.defaultValue = defaultValue;
        this.envName = "REDIS_" + name();
        this.property = "redis." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The environment variable name, e.g. {@code REDIS_COMMAND_TIMEOUT}. */
    public String envName() {
        return envName;
    }

    /** The property name, e.g. {@code redis.command-timeout}. */
    public String property() {
        return property;
    }

    /** The value used when no source sets the key, or {@code null}. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the value is a credential that must never be shown. */
    public boolean isSecret() {
        return this == PASSWORD || this == SENTINEL_PASSWORD || this == TLS_KEY_PASSWORD;
    }
}
