package dev.tether.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated connection settings. Immutable and thread-safe; {@link #toString()} shows the redacted
 * URI ({@code rediss://default:****@host:6379/0}) and never the password.
 *
 * <p>Usually obtained from {@link TetherConfig#resolve()}; {@link #builder()} builds them directly
 * (tests, or settings from elsewhere) and checks each argument at the door.
 */
public final class RedisSettings {
    /** Command timeout when none is set and the provider preset has none. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** Connect timeout when none is set and the provider preset has none. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
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
        this.host = b.host;
        this.port = b.port;
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
        this.provider = b.provider != null ? b.provider : Provider.detect(b.host);
    }

    /** A builder starting from {@code redis://localhost:6379}, no credentials, defaults for the rest. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
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

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Database index selected after connecting. */
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

    /** The URI with the password masked, e.g. {@code rediss://default:****@host:6379/0}. */
    public String redactedUri() {
        StringBuilder s = new StringBuilder(tls ? "rediss://" : "redis://");
        if (username != null || !password.isEmpty()) {
            if (username != null) {
                s.append(username);
            }
            if (!password.isEmpty()) {
                s.append(':').append(Redactor.MASK);
            }
            s.append('@');
        }
        s.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append('/').append(database);
        return s.toString();
    }

    @Override
    public String toString() {
        return redactedUri();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisSettings r && port == r.port && database == r.database && tls == r.tls
                && host.equals(r.host) && Objects.equals(username, r.username) && password.equals(r.password)
                && Objects.equals(clientName, r.clientName) && commandTimeout.equals(r.commandTimeout)
                && connectTimeout.equals(r.connectTimeout) && Objects.equals(tlsCaFile, r.tlsCaFile)
                && Objects.equals(tlsCertFile, r.tlsCertFile) && Objects.equals(tlsKeyFile, r.tlsKeyFile) && tlsKeyPassword.equals(r.tlsKeyPassword)
                && tlsVerify == r.tlsVerify && provider == r.provider;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, tls, username, clientName, provider);
    }

    /** Builds {@link RedisSettings}; not thread-safe. Each setter rejects invalid arguments. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 6379;
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

        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in 1..65535, was " + port);
            }
            this.port = port;
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

        public RedisSettings build() {
            return new RedisSettings(this);
        }
    }
}
