package dev.tether.config.internal;

import dev.tether.config.Durations;
import dev.tether.config.Problem;
import dev.tether.config.ProblemCode;
import dev.tether.config.Provider;
import dev.tether.config.ReadPreference;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisSettings;
import dev.tether.config.ResolvedValue;
import dev.tether.config.Secret;
import dev.tether.config.Severity;
import dev.tether.config.SettingKey;
import dev.tether.config.TlsVerify;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns resolved raw values into {@link RedisSettings}, collecting every problem instead of
 * stopping at the first. Messages say where a value came from and never contain a credential.
 */
public final class SettingsValidator {
    private final Map<SettingKey, ResolvedValue> values;
    private final Path workingDirectory;
    private final List<Problem> problems;

    private SettingsValidator(Map<SettingKey, ResolvedValue> values, Path workingDirectory, List<Problem> problems) {
        this.values = values;
        this.workingDirectory = workingDirectory;
        this.problems = problems;
    }

    /** Validates {@code values}; adds problems to {@code problems}; returns settings when none is an error. */
    public static Optional<RedisSettings> validate(Map<SettingKey, ResolvedValue> values, Path workingDirectory, List<Problem> problems) {
        return new SettingsValidator(values, workingDirectory, problems).run();
    }

    private Optional<RedisSettings> run() {
        int before = problems.size();
        RedisSettings.Builder b = RedisSettings.builder();

        Optional<ParsedRedisUrl> url = RedisUrlParser.parse(raw(SettingKey.URL), where(SettingKey.URL), problems);
        Boolean tlsFlag = bool(SettingKey.TLS);
        RedisMode modeSetting = enumValue(SettingKey.MODE, RedisMode.class, "auto, standalone, cluster or sentinel");
        ReadPreference readFrom = readFrom();
        Provider provider = provider();
        TlsVerify verify = enumValue(SettingKey.TLS_VERIFY, TlsVerify.class, "full, ca or none");
        Optional<Duration> commandTimeout = duration(SettingKey.COMMAND_TIMEOUT);
        Optional<Duration> connectTimeout = duration(SettingKey.CONNECT_TIMEOUT);
        Path caFile = caFile();
        Path certFile = readableFile(SettingKey.TLS_CERT_FILE, "-----BEGIN CERTIFICATE-----");
        Path keyFile = readableFile(SettingKey.TLS_KEY_FILE, "PRIVATE KEY-----");
        boolean certSet = raw(SettingKey.TLS_CERT_FILE) != null;
        if (certSet != (raw(SettingKey.TLS_KEY_FILE) != null)) {
            SettingKey missing = certSet ? SettingKey.TLS_KEY_FILE : SettingKey.TLS_CERT_FILE;
            add(ProblemCode.TLS_CLIENT_CERT_INCOMPLETE, missing, "mutual TLS needs both REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE; " + missing.envName() + " is not set",
                    "set both to PEM files, or neither");
        }

        boolean tls = false;
        if (url.isPresent()) {
            ParsedRedisUrl u = url.get();
            Provider effective = provider != null ? provider : Provider.detect(u.host());
            b.provider(provider);
            tls = u.tls();
            mode(u, modeSetting, readFrom, b);
            if (u.tls() && Boolean.FALSE.equals(tlsFlag)) {
                add(ProblemCode.TLS_CONFLICT, SettingKey.TLS, where(SettingKey.URL) + " is rediss:// (TLS) but " + where(SettingKey.TLS) + " is false",
                        "remove REDIS_TLS, or make both agree: rediss:// with REDIS_TLS=true");
            } else if (Boolean.TRUE.equals(tlsFlag)) {
                tls = true;
            }
            if (!tls && effective.requiresTls(u.host())) {
                if (Boolean.FALSE.equals(tlsFlag)) {
                    problems.add(new Problem(ProblemCode.TLS_REQUIRED_BY_PROVIDER, Severity.ERROR, SettingKey.TLS.envName(),
                            where(SettingKey.TLS) + " is false but " + u.host() + " (" + effective.id() + ") only accepts TLS: plaintext connections are reset",
                            "remove REDIS_TLS=false and use rediss://" + u.host() + ":" + u.port()));
                } else {
                    tls = true;
                    add(ProblemCode.TLS_REQUIRED_BY_PROVIDER, SettingKey.URL,
                            where(SettingKey.URL) + " is redis:// (plaintext) but " + u.host() + " (" + effective.id()
                                    + ") only accepts TLS and resets plaintext connections; tether connects with TLS",
                            "write rediss://" + u.host() + ":" + u.port() + " (or set REDIS_TLS=true)");
                }
            }
            if (effective == Provider.UPSTASH && u.database() != 0) {
                add(ProblemCode.DB_INDEX_INVALID, SettingKey.URL, where(SettingKey.URL) + " selects database " + u.database() + "; Upstash has only database 0",
                        "remove the /" + u.database() + " path");
            }
            String user = firstNonEmpty(raw(SettingKey.USERNAME), u.username());
            String password = firstNonEmpty(raw(SettingKey.PASSWORD), u.password());
            b.username(user).password(Secret.of(password));
            if (user != null && (password == null || password.isEmpty())) {
                add(ProblemCode.PASSWORD_MISSING, SettingKey.PASSWORD,
                        "a user name is set (" + (values.containsKey(SettingKey.USERNAME) ? where(SettingKey.USERNAME) : "in REDIS_URL") + ") but no password",
                        "write rediss://user:password@host, or set REDIS_PASSWORD; if the URL's user part is the password, write redis://:PASSWORD@host");
            }
        }
        b.tls(tls);

        if (verify != null) {
            b.tlsVerify(verify);
            if (verify == TlsVerify.NONE && tls) {
                add(ProblemCode.TLS_VERIFY_DISABLED, SettingKey.TLS_VERIFY,
                        where(SettingKey.TLS_VERIFY) + " is none: any certificate is accepted, including an attacker's",
                        "use REDIS_TLS_VERIFY=full and, for a private CA, REDIS_TLS_CA_FILE=/path/ca.pem");
            }
            if (verify == TlsVerify.CA && tls) {
                if (raw(SettingKey.TLS_CA_FILE) == null || raw(SettingKey.TLS_CA_FILE).isBlank()) {
                    add(ProblemCode.TLS_CA_FILE_REQUIRED, SettingKey.TLS_VERIFY,
                            where(SettingKey.TLS_VERIFY) + " is ca, which trusts only REDIS_TLS_CA_FILE, and none is set",
                            "set REDIS_TLS_CA_FILE=/path/ca.pem (your private CA), or use REDIS_TLS_VERIFY=full");
                } else {
                    add(ProblemCode.TLS_HOSTNAME_NOT_VERIFIED, SettingKey.TLS_VERIFY,
                            where(SettingKey.TLS_VERIFY) + " is ca: the host name is not checked, so any certificate the CA file's CAs "
                                    + "issued is accepted for this host",
                            "use REDIS_TLS_VERIFY=full and connect with a host name in the server's certificate");
                }
            }
        }
        if (!tls && url.isPresent() && (verify != null || caFile != null)) {
            SettingKey k = caFile != null ? SettingKey.TLS_CA_FILE : SettingKey.TLS_VERIFY;
            add(ProblemCode.TLS_OPTION_UNUSED, k, where(k) + " is set but TLS is off, so it has no effect",
                    "use rediss:// or REDIS_TLS=true if the server speaks TLS");
        }
        b.tlsCaFile(caFile);
        if (certFile != null && keyFile != null) {
            b.tlsClientCertificate(certFile, keyFile);
            String keyPassword = raw(SettingKey.TLS_KEY_PASSWORD);
            b.tlsKeyPassword(keyPassword == null || keyPassword.isEmpty() ? null : Secret.of(keyPassword));
            warnIfReadableByOthers(keyFile);
        }
        if (readFrom != null) {
            b.readFrom(readFrom);
        }
        if (commandTimeout.isPresent()) {
            b.commandTimeout(commandTimeout.get());
        }
        if (connectTimeout.isPresent()) {
            b.connectTimeout(connectTimeout.get());
        }
        b.clientName(raw(SettingKey.CLIENT_NAME));

        boolean error = anyError(problems.subList(before, problems.size()));
        return error || url.isEmpty() ? Optional.empty() : Optional.of(b.build());
    }

    /**
     * The mode the URL and {@code REDIS_MODE} agree on, with the nodes, database and Sentinel settings
     * that go with it; a problem for each contradiction.
     */
    private void mode(ParsedRedisUrl u, RedisMode setting, ReadPreference readFrom, RedisSettings.Builder b) {
        RedisMode fromUrl = u.sentinel() ? RedisMode.SENTINEL : u.nodes().size() > 1 ? RedisMode.CLUSTER : RedisMode.AUTO;
        RedisMode mode = setting == null || setting == RedisMode.AUTO ? fromUrl : setting;
        boolean conflict = true;
        if (u.sentinel() && mode != RedisMode.SENTINEL) {
            add(ProblemCode.MODE_CONFLICT, SettingKey.MODE, where(SettingKey.MODE) + " is " + mode.id() + " but " + where(SettingKey.URL)
                    + " is a Sentinel URL (" + u.scheme() + "://)", "remove REDIS_MODE (auto follows the URL), or set it to sentinel");
        } else if (!u.sentinel() && mode == RedisMode.SENTINEL) {
            add(ProblemCode.MODE_CONFLICT, SettingKey.MODE, where(SettingKey.MODE) + " is sentinel but " + where(SettingKey.URL)
                            + " is a " + u.scheme() + ":// URL",
                    "list the sentinels and the primary's name: " + (u.tls() ? "rediss" : "redis") + "-sentinel://s1:26379,s2:26379#mymaster");
        } else if (mode == RedisMode.STANDALONE && u.nodes().size() > 1) {
            add(ProblemCode.MODE_CONFLICT, SettingKey.MODE, where(SettingKey.MODE) + " is standalone but " + where(SettingKey.URL)
                    + " lists " + u.nodes().size() + " seeds", "set REDIS_MODE=cluster (or remove it), or keep one host in REDIS_URL");
        } else {
            conflict = false;
        }
        if (mode == RedisMode.CLUSTER && u.database() != 0) {
            add(ProblemCode.CLUSTER_DATABASE_NOT_ZERO, SettingKey.URL, where(SettingKey.URL) + " selects database " + u.database()
                    + " but a Redis Cluster has only database 0", "remove the /" + u.database() + " path; keep data apart with key prefixes");
        }
        String sentinelPassword = raw(SettingKey.SENTINEL_PASSWORD);
        if (sentinelPassword != null && !sentinelPassword.isEmpty() && mode != RedisMode.SENTINEL && !conflict) {
            add(ProblemCode.MODE_OPTION_UNUSED, SettingKey.SENTINEL_PASSWORD, where(SettingKey.SENTINEL_PASSWORD)
                    + " is set but the mode is " + mode.id() + ", so it has no effect", "remove it, or use a redis-sentinel:// URL");
        }
        if (readFrom != null && readFrom != ReadPreference.PRIMARY && mode == RedisMode.STANDALONE) {
            add(ProblemCode.MODE_OPTION_UNUSED, SettingKey.READ_FROM, where(SettingKey.READ_FROM) + " is " + readFrom.id()
                    + " but the mode is standalone: the one server serves every read", "remove it, or use cluster or Sentinel mode");
        }
        if (!conflict && (mode != RedisMode.CLUSTER || u.database() == 0)) {
            b.nodes(u.nodes()).mode(mode).database(u.database()).sentinelMasterId(mode == RedisMode.SENTINEL ? u.masterId() : null)
                    .sentinelPassword(Secret.of(sentinelPassword));
        }
    }

    private ReadPreference readFrom() {
        String v = raw(SettingKey.READ_FROM);
        if (v == null || v.isBlank()) {
            return null;
        }
        Optional<ReadPreference> p = ReadPreference.parse(v);
        if (p.isEmpty()) {
            add(ProblemCode.VALUE_UNKNOWN, SettingKey.READ_FROM, where(SettingKey.READ_FROM) + " is '" + shown(SettingKey.READ_FROM, v) + "'",
                    "use primary, primary-preferred, replica, replica-preferred, any-replica, lowest-latency (nearest) or any");
        }
        return p.orElse(null);
    }

    private String raw(SettingKey key) {
        ResolvedValue v = values.get(key);
        return v == null ? null : v.value().reveal();
    }

    /** {@code REDIS_TLS (.env:3)}: the key and where its value came from. */
    private String where(SettingKey key) {
        ResolvedValue v = values.get(key);
        return key.envName() + (v == null ? "" : " (" + v.source() + ")");
    }

    private void add(ProblemCode code, SettingKey key, String message, String hint) {
        problems.add(Problem.of(code, key.envName(), message, hint));
    }

    private Boolean bool(SettingKey key) {
        String v = raw(key);
        if (v == null) {
            return null;
        }
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return Boolean.TRUE;
            case "false", "no", "off", "0":
                return Boolean.FALSE;
            default:
                add(ProblemCode.BOOLEAN_INVALID, key, where(key) + " is '" + shown(key, v) + "', not true or false", "write true or false");
                return null;
        }
    }

    private Provider provider() {
        String v = raw(SettingKey.PROVIDER);
        if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("auto")) {
            return null;
        }
        for (Provider p : Provider.values()) {
            if (p != Provider.GENERIC && p.id().equalsIgnoreCase(v.strip())) {
                return p;
            }
        }
        add(ProblemCode.VALUE_UNKNOWN, SettingKey.PROVIDER, where(SettingKey.PROVIDER) + " is '" + shown(SettingKey.PROVIDER, v) + "'",
                "use auto, upstash, redis-cloud, elasticache, azure or local");
        return null;
    }

    private <E extends Enum<E>> E enumValue(SettingKey key, Class<E> type, String allowed) {
        String v = raw(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.strip())) {
                return e;
            }
        }
        add(ProblemCode.VALUE_UNKNOWN, key, where(key) + " is '" + shown(key, v) + "'", "use " + allowed);
        return null;
    }

    private Optional<Duration> duration(SettingKey key) {
        String v = raw(key);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.tryParse(v);
        if (d.isEmpty()) {
            add(ProblemCode.DURATION_INVALID, key, where(key) + " is '" + shown(key, v) + "', not a positive duration",
                    v.strip().matches("\\d+") ? "add a unit: " + v.strip() + "ms or " + v.strip() + "s" : "write " + Durations.EXAMPLES);
        }
        return d;
    }

    private Path caFile() {
        String v = raw(SettingKey.TLS_CA_FILE);
        if (v == null || v.isBlank()) {
            return null;
        }
        Path p = path(SettingKey.TLS_CA_FILE, v);
        if (p == null) {
            return null;
        }
        String why = null;
        if (!Files.isRegularFile(p)) {
            why = "does not exist or is not a file";
        } else if (!Files.isReadable(p)) {
            why = "is not readable";
        } else {
            try (InputStream in = Files.newInputStream(p)) {
                if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    why = "holds no certificate";
                }
            } catch (java.io.IOException | CertificateException e) {
                why = "holds no PEM certificate";
            }
        }
        if (why != null) {
            add(ProblemCode.CA_FILE_UNREADABLE, SettingKey.TLS_CA_FILE, where(SettingKey.TLS_CA_FILE) + " " + p + " " + why,
                    "point it at a PEM file with -----BEGIN CERTIFICATE----- blocks (the provider's CA bundle)");
        }
        return p;
    }

    /** A private key that group or others may read is half leaked: say so (POSIX file systems only). */
    private void warnIfReadableByOthers(Path keyFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                add(ProblemCode.TLS_KEY_FILE_EXPOSED, SettingKey.TLS_KEY_FILE, where(SettingKey.TLS_KEY_FILE) + " " + keyFile
                        + " is readable by other users (" + PosixFilePermissions.toString(permissions) + ")", "chmod 600 " + keyFile);
            }
        } catch (UnsupportedOperationException | java.io.IOException e) {
            // not a POSIX file system, or unreadable (reported elsewhere)
        }
    }

    /** A readable file holding {@code marker}, or {@code null} (with a problem when set but unusable). */
    private Path readableFile(SettingKey key, String marker) {
        String v = raw(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        Path p = path(key, v);
        if (p == null) {
            return null;
        }
        try {
            if (Files.isRegularFile(p) && Files.isReadable(p) && Files.readString(p).contains(marker)) {
                return p;
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // reported below
        }
        add(ProblemCode.CA_FILE_UNREADABLE, key, where(key) + " " + p + " cannot be read as PEM (" + marker.replace("-", "").strip() + ")",
                "point it at a PEM file");
        return null;
    }

    /** {@code v} as a path against the working directory, or {@code null} with a problem when no path can hold it (a NUL). */
    private Path path(SettingKey key, String v) {
        try {
            return workingDirectory.resolve(v.strip());
        } catch (java.nio.file.InvalidPathException e) {
            add(ProblemCode.CA_FILE_UNREADABLE, key, where(key) + " is not a valid path (it holds a character no file name can have, e.g. NUL)",
                    "point it at a PEM file by its plain path");
            return null;
        }
    }

    /** A value fit to show in a message: short plain values as they are, anything else elided. */
    private static String shown(SettingKey key, String v) {
        String s = v.strip();
        if (key.isSecret() || s.length() > 40 || !s.matches("[A-Za-z0-9 ._:/+-]*")) {
            return "…";
        }
        return s;
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }

    /** Whether any of {@code problems} is an error (a loop: this runs on every cold start). */
    static boolean anyError(List<Problem> problems) {
        for (Problem p : problems) {
            if (p.isError()) {
                return true;
            }
        }
        return false;
    }
}
