package dev.tether.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated connection settings. Immutable and thread-safe; {@link #toString()} shows the redacted
 * URI ({@code rediss://default:****@host:6379/0}) and never the password.
 *
 * <p>One shape for every {@link RedisMode}: {@link #nodes()} holds the one server, a cluster's seed
 * nodes or the sentinels; {@link #host()} and {@link #port()} are the first of them, so code written
 * for one server reads them unchanged. The credentials ({@link #username()}, {@link #password()}) and
 * {@link #tls()} apply to every data node (each cluster node; Sentinel's primary and replicas).
 *
 * <p>Usually obtained from {@link TetherConfig#resolve()}; {@link #builder()} builds them directly
 * (tests, or settings from elsewhere) and checks each argument at the door.
 */
public final class RedisSettings {
    /** Command timeout when none is set and the provider preset has none. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Connect timeout when none is set and the provider preset has none. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final List<RedisNode> nodes;
    private final RedisMode mode;
    private final String sentinelMasterId;
    private final Secret sentinelPassword;
    private final ReadPreference readFrom;
    private final int database;
    private final boolean tls;
    private final String username;
    private final Secret password;
    private final String clientName;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final Path tlsCaFile;
    private final Path tlsCertFile;
    private final Path tlsKeyFile;
    private final Secret tlsKeyPassword;
    private final TlsVerify tlsVerify;
    private final Provider provider;

    private RedisSettings(Builder b) {
        this.nodes = List.copyOf(b.nodes);
        this.mode = b.effectiveMode();
        this.sentinelMasterId = b.sentinelMasterId;
        this.sentinelPassword = b.sentinelPassword;
        this.readFrom = b.readFrom;
        this.database = b.database;
        this.tls = b.tls;
        this.username = b.username;
        this.password = b.password;
        this.clientName = b.clientName;
        this.commandTimeout = b.commandTimeout;
        this.connectTimeout = b.connectTimeout;
        this.tlsCaFile = b.tlsCaFile;
        this.tlsCertFile = b.tlsCertFile;
        this.tlsKeyFile = b.tlsKeyFile;
        this.tlsKeyPassword = b.tlsKeyPassword;
        this.tlsVerify = b.tlsVerify;
        this.provider = b.provider != null ? b.provider : Provider.detect(nodes.get(0).host());
    }

    /** A builder starting from {@code redis://localhost:6379}, no credentials, defaults for the rest. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodes = new ArrayList<>(nodes);
        b.mode = mode;
        b.sentinelMasterId = sentinelMasterId;
        b.sentinelPassword = sentinelPassword;
        b.readFrom = readFrom;
        b.database = database;
        b.tls = tls;
        b.username = username;
        b.password = password;
        b.clientName = clientName;
        b.commandTimeout = commandTimeout;
        b.connectTimeout = connectTimeout;
        b.tlsCaFile = tlsCaFile;
        b.tlsCertFile = tlsCertFile;
        b.tlsKeyFile = tlsKeyFile;
        b.tlsKeyPassword = tlsKeyPassword;
        b.tlsVerify = tlsVerify;
        b.provider = provider;
        return b;
    }

    /** The first node's host: the server in standalone mode, the first seed or sentinel otherwise. */
    public String host() {
        return nodes.get(0).host();
    }

    /** The first node's port. */
    public int port() {
        return nodes.get(0).port();
    }

    /**
     * The nodes, in the order written, never empty: the one server ({@link RedisMode#STANDALONE}, and
     * {@link RedisMode#AUTO} always has one node), a cluster's seeds ({@link RedisMode#CLUSTER}: any
     * reachable one reveals the rest), or the sentinels ({@link RedisMode#SENTINEL}).
     */
    public List<RedisNode> nodes() {
        return nodes;
    }

    /**
     * The mode: {@code REDIS_MODE} when set, else what the URL says ({@code redis-sentinel://} is
     * {@link RedisMode#SENTINEL}, more than one seed is {@link RedisMode#CLUSTER}); {@link RedisMode#AUTO}
     * only for one node whose kind the server tells at connect.
     */
    public RedisMode mode() {
        return mode;
    }

    /** The name Sentinel knows the primary by (the URL's {@code #mymaster}); present exactly in {@link RedisMode#SENTINEL}. */
    public Optional<String> sentinelMasterId() {
        return Optional.ofNullable(sentinelMasterId);
    }

    /**
     * The sentinels' own password ({@code REDIS_SENTINEL_PASSWORD}); {@link Secret#isEmpty()} when the
     * sentinels need none. The URL's credentials are the data nodes'.
     */
    public Secret sentinelPassword() {
        return sentinelPassword;
    }

    /** Which nodes serve reads ({@code REDIS_READ_FROM}); {@link ReadPreference#PRIMARY} by default. */
    public ReadPreference readFrom() {
        return readFrom;
    }

    /** Database index selected after connecting; always 0 in {@link RedisMode#CLUSTER}. */
    public int database() {
        return database;
    }

    /** Whether the connection uses TLS. */
    public boolean tls() {
        return tls;
    }

    /** ACL user; empty means the server's {@code default} user. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** Password; {@link Secret#isEmpty()} when none. */
    public Secret password() {
        return password;
    }

    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** PEM file of extra trusted CAs. */
    public Optional<Path> tlsCaFile() {
        return Optional.ofNullable(tlsCaFile);
    }

    /** Client certificate for mutual TLS, with {@link #tlsKeyFile()}. */
    public Optional<Path> tlsCertFile() {
        return Optional.ofNullable(tlsCertFile);
    }

    /** Private key of the client certificate. */
    public Optional<Path> tlsKeyFile() {
        return Optional.ofNullable(tlsKeyFile);
    }

    /** The password of an encrypted PKCS#8 {@link #tlsKeyFile()}; empty when the key is not encrypted. */
    public Secret tlsKeyPassword() {
        return tlsKeyPassword;
    }

    public TlsVerify tlsVerify() {
        return tlsVerify;
    }

    /** The provider: explicit from {@code REDIS_PROVIDER}, else detected from the host. */
    public Provider provider() {
        return provider;
    }

    /**
     * The URI with the password masked, e.g. {@code rediss://default:****@host:6379/0},
     * {@code rediss://default:****@n1:6379,n2:6379/0} for a cluster,
     * {@code redis-sentinel://:****@s1:26379,s2:26379/0#mymaster} for Sentinel.
     */
    public String redactedUri() {
        String scheme = mode == RedisMode.SENTINEL ? (tls ? "rediss-sentinel://" : "redis-sentinel://") : tls ? "rediss://" : "redis://";
        StringBuilder s = new StringBuilder(scheme);
        if (username != null || !password.isEmpty()) {
            if (username != null) {
                s.append(username);
            }
            if (!password.isEmpty()) {
                s.append(':').append(Redactor.MASK);
            }
            s.append('@');
        }
        for (int i = 0; i < nodes.size(); i++) {
            s.append(i == 0 ? "" : ",").append(nodes.get(i));
        }
        s.append('/').append(database);
        if (sentinelMasterId != null) {
            s.append('#').append(sentinelMasterId);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return redactedUri();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisSettings r && nodes.equals(r.nodes) && mode == r.mode && database == r.database && tls == r.tls
                && Objects.equals(sentinelMasterId, r.sentinelMasterId) && sentinelPassword.equals(r.sentinelPassword)
                && readFrom == r.readFrom && Objects.equals(username, r.username) && password.equals(r.password)
                && Objects.equals(clientName, r.clientName) && commandTimeout.equals(r.commandTimeout)
                && connectTimeout.equals(r.connectTimeout) && Objects.equals(tlsCaFile, r.tlsCaFile)
                && Objects.equals(tlsCertFile, r.tlsCertFile) && Objects.equals(tlsKeyFile, r.tlsKeyFile) && tlsKeyPassword.equals(r.tlsKeyPassword)
                && tlsVerify == r.tlsVerify && provider == r.provider;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes, mode, database, readFrom, tls, username, clientName, provider);
    }

    /** Builds {@link RedisSettings}; not thread-safe. Each setter rejects invalid arguments. */
    public static final class Builder {
        private List<RedisNode> nodes = new ArrayList<>(List.of(new RedisNode("localhost", 6379)));
        private RedisMode mode = RedisMode.AUTO;
        private String sentinelMasterId;
        private Secret sentinelPassword = Secret.empty();
        private ReadPreference readFrom = ReadPreference.PRIMARY;
        private int database;
        private boolean tls;
        private String username;
        private Secret password = Secret.empty();
        private String clientName;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Path tlsCaFile;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private Secret tlsKeyPassword = Secret.empty();
        private TlsVerify tlsVerify = TlsVerify.FULL;
        private Provider provider;

        private Builder() {
        }

        /** The first node's host (the only one for one server). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            nodes.set(0, new RedisNode(host, nodes.get(0).port()));
            return this;
        }

        /** The first node's port. */
        public Builder port(int port) {
            nodes.set(0, new RedisNode(nodes.get(0).host(), port));
            return this;
        }

        /** All nodes: the server, a cluster's seeds or the sentinels (see {@link RedisSettings#nodes()}). */
        public Builder nodes(List<RedisNode> nodes) {
            Objects.requireNonNull(nodes, "nodes");
            boolean hasNull = false;
            for (RedisNode node : nodes) { // not contains(null): List.of's throws
                hasNull |= node == null;
            }
            if (nodes.isEmpty() || hasNull) {
                throw new IllegalArgumentException("nodes must hold at least one node and no null");
            }
            this.nodes = new ArrayList<>(nodes);
            return this;
        }

        /**
         * The mode; {@link RedisMode#AUTO} (the default) becomes {@link RedisMode#SENTINEL} with a
         * {@link #sentinelMasterId(String)} and {@link RedisMode#CLUSTER} with more than one node.
         */
        public Builder mode(RedisMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The primary's name in Sentinel; {@code null} or blank for none. */
        public Builder sentinelMasterId(String masterId) {
            this.sentinelMasterId = masterId == null || masterId.isBlank() ? null : masterId;
            return this;
        }

        /** The sentinels' own password; null or empty when they need none. */
        public Builder sentinelPassword(Secret password) {
            this.sentinelPassword = password == null ? Secret.empty() : password;
            return this;
        }

        public Builder readFrom(ReadPreference readFrom) {
            this.readFrom = Objects.requireNonNull(readFrom, "readFrom");
            return this;
        }

        public Builder database(int database) {
            if (database < 0) {
                throw new IllegalArgumentException("database must be >= 0, was " + database);
            }
            this.database = database;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** ACL user; {@code null} or blank means the {@code default} user. */
        public Builder username(String username) {
            this.username = username == null || username.isBlank() ? null : username;
            return this;
        }

        public Builder password(Secret password) {
            this.password = password == null ? Secret.empty() : password;
            return this;
        }

        public Builder clientName(String clientName) {
            this.clientName = clientName == null || clientName.isBlank() ? null : clientName;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = Arguments.positive(timeout, "commandTimeout");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Arguments.positive(timeout, "connectTimeout");
            return this;
        }

        public Builder tlsCaFile(Path caFile) {
            this.tlsCaFile = caFile;
            return this;
        }

        /** Client certificate and key (PEM) for mutual TLS; both or neither. */
        public Builder tlsClientCertificate(Path certFile, Path keyFile) {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("tlsClientCertificate needs both the certificate and the key file");
            }
            this.tlsCertFile = certFile;
            this.tlsKeyFile = keyFile;
            return this;
        }

        /** The password of an encrypted PKCS#8 client key; null or empty for an unencrypted key. */
        public Builder tlsKeyPassword(Secret password) {
            this.tlsKeyPassword = password == null ? Secret.empty() : password;
            return this;
        }

        public Builder tlsVerify(TlsVerify verify) {
            this.tlsVerify = Objects.requireNonNull(verify, "tlsVerify");
            return this;
        }

        /** Explicit provider; {@code null} detects it from the host. */
        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * @throws IllegalStateException when the options contradict each other: {@link RedisMode#SENTINEL}
         *         without a master id, a master id outside Sentinel mode, {@link RedisMode#STANDALONE} with more
         *         than one node, or {@link RedisMode#CLUSTER} with a database other than 0
         */
        public RedisSettings build() {
            RedisMode effective = effectiveMode();
            if (effective == RedisMode.SENTINEL && sentinelMasterId == null) {
                throw new IllegalStateException("Sentinel mode needs the primary's name: sentinelMasterId");
            }
            if (effective != RedisMode.SENTINEL && sentinelMasterId != null) {
                throw new IllegalStateException("sentinelMasterId is only used in Sentinel mode, mode is " + effective.id());
            }
            if (effective == RedisMode.STANDALONE && nodes.size() > 1) {
                throw new IllegalStateException("standalone mode takes one node, got " + nodes.size());
            }
            if (effective == RedisMode.CLUSTER && database != 0) {
                throw new IllegalStateException("a cluster has only database 0, was " + database);
            }
            return new RedisSettings(this);
        }

        private RedisMode effectiveMode() {
            if (mode != RedisMode.AUTO) {
                return mode;
            }
            return sentinelMasterId != null ? RedisMode.SENTINEL : nodes.size() > 1 ? RedisMode.CLUSTER : RedisMode.AUTO;
        }
    }
}
