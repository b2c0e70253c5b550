package dev.tether.doppler.internal;

import dev.tether.config.Durations;
import dev.tether.config.Secret;
import dev.tether.doppler.DopplerException;
import dev.tether.doppler.DopplerException.Code;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap settings of the Doppler source, read from the lower config sources and checked at the
 * door so that the rest of the module can trust them. Immutable and thread-safe; {@link #toString()}
 * never shows the token.
 *
 * @param token               the Doppler token
 * @param project             {@code DOPPLER_PROJECT}, needed for non-service tokens
 * @param config              {@code DOPPLER_CONFIG}, needed for non-service tokens
 * @param apiHost             the API base, https (or http on loopback only), without a trailing slash
 * @param connectTimeout      TCP+TLS connect timeout per attempt
 * @param timeout             total time per attempt, connect to last body byte
 * @param retryBudget         wall-clock budget for all attempts and the waits between them
 * @param cacheFile           the last-known-good copy, or empty when caching is off
 * @param fallbackOnAuthError whether a 401/403 still falls back to the last-known-good copy
 */
public record DopplerSettings(Secret token, Optional<String> project, Optional<String> config, URI apiHost,
                              Duration connectTimeout, Duration timeout, Duration retryBudget,
                              Optional<Path> cacheFile, boolean fallbackOnAuthError) {

    public static final String TOKEN = "DOPPLER_TOKEN";
    public static final String PROJECT = "DOPPLER_PROJECT";
    public static final String CONFIG = "DOPPLER_CONFIG";
    public static final String API_HOST = "DOPPLER_API_HOST";
    public static final String CONNECT_TIMEOUT = "DOPPLER_CONNECT_TIMEOUT";
    public static final String TIMEOUT = "DOPPLER_TIMEOUT";
    public static final String RETRY_BUDGET = "DOPPLER_RETRY_BUDGET";
    public static final String CACHE = "DOPPLER_CACHE";
    public static final String CACHE_FILE = "DOPPLER_CACHE_FILE";
    public static final String FALLBACK_ON_AUTH_ERROR = "DOPPLER_FALLBACK_ON_AUTH_ERROR";
    public static final String XDG_CACHE_HOME = "XDG_CACHE_HOME";

    public static final String DEFAULT_API_HOST = "https://api.doppler.com";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(10);

    /** Settings that decide where the token is sent or the secrets stored: trusted no less than the token. */
    public static final Set<String> TRUST_FOLLOWS_TOKEN = Set.of(API_HOST, CACHE_FILE, XDG_CACHE_HOME);
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.doppler");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

    /**
     * Reads the settings through {@code lookup} (env-style key → value or {@code null}).
     *
     * @return empty when no token is set
     * @throws DopplerException {@code DOPPLER_SETTINGS_INVALID} for an invalid value (named by key, never shown)
     */
    public static Optional<DopplerSettings> from(Function<String, String> lookup) {
        return from(lookup, key -> 0);
    }

    /**
     * Reads the settings through {@code lookup}, where {@code ordinal} tells how trusted the source of
     * each key is (higher is more). The settings that decide where the token goes or the secrets are
     * stored ({@link #TRUST_FOLLOWS_TOKEN}) are taken only from a source at least as trusted as the
     * token's; a value from a lower source is ignored with a WARN naming the key and the rule.
     *
     * @return empty when no token is set
     * @throws DopplerException {@code DOPPLER_SETTINGS_INVALID} for an invalid value (named by key, never shown)
     */
    public static Optional<DopplerSettings> from(Function<String, String> untrusted, ToIntFunction<String> ordinal) {
        int tokenOrdinal = ordinal.applyAsInt(TOKEN);
        Function<String, String> lookup = key -> {
            String value = untrusted.apply(key);
            if (value != null && TRUST_FOLLOWS_TOKEN.contains(key) && ordinal.applyAsInt(key) < tokenOrdinal) {
                LOG.warn("Ignoring {} from a source less trusted than the one holding {}: a setting that decides where the "
                        + "token goes or the secrets are stored must be set where the token is (e.g. both in the environment)", key, TOKEN);
                return null;
            }
            return value;
        };
        Optional<String> token = nonBlank(lookup.apply(TOKEN));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> project = nonBlank(lookup.apply(PROJECT));
        Optional<String> config = nonBlank(lookup.apply(CONFIG));
        URI host = apiHost(nonBlank(lookup.apply(API_HOST)).orElse(DEFAULT_API_HOST));
        Duration connect = duration(lookup, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
        Duration timeout = duration(lookup, TIMEOUT, DEFAULT_TIMEOUT);
        Duration budget = duration(lookup, RETRY_BUDGET, DEFAULT_RETRY_BUDGET);
        boolean cacheOn = bool(lookup, CACHE, true);
        Optional<Path> cacheFile = Optional.empty();
        if (cacheOn) {
            cacheFile = Optional.of(nonBlank(lookup.apply(CACHE_FILE))
                    .map(DopplerSettings::path)
                    .orElseGet(() -> defaultCacheFile(lookup, host, project, config, token.get())));
        }
        boolean fallbackOnAuth = bool(lookup, FALLBACK_ON_AUTH_ERROR, false);
        return Optional.of(new DopplerSettings(Secret.of(token.get()), project, config, host, connect, timeout, budget,
                cacheFile, fallbackOnAuth));
    }

    /** {@code <project>/<config>} as configured, {@code ?} for what is not. */
    public String configuredTarget() {
        return project.orElse("?") + "/" + config.orElse("?");
    }

    @Override
    public String toString() {
        return "DopplerSettings[token=" + token + ", target=" + configuredTarget() + ", apiHost=" + apiHost
                + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + ", retryBudget=" + retryBudget
                + ", cacheFile=" + cacheFile.map(Path::toString).orElse("off") + ", fallbackOnAuthError=" + fallbackOnAuthError + "]";
    }

    private static URI apiHost(String text) {
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw invalid(API_HOST, "is not a URL", "use e.g. " + DEFAULT_API_HOST);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalid(API_HOST, "must be an https:// URL with a host", "use e.g. " + DEFAULT_API_HOST);
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid(API_HOST, "must not carry credentials, a query or a fragment", "use e.g. " + DEFAULT_API_HOST);
        }
        if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw invalid(API_HOST, "uses plain http:// to a non-loopback host, which would send the token in clear text",
                    "use https:// (plain http is accepted only for 127.0.0.1, ::1 and localhost)");
        }
        return uri;
    }

    private static Duration duration(Function<String, String> lookup, String key, Duration fallback) {
        Optional<String> text = nonBlank(lookup.apply(key));
        if (text.isEmpty()) {
            return fallback;
        }
        return Durations.tryParse(text.get())
                .orElseThrow(() -> invalid(key, "is not a positive duration", "use e.g. " + Durations.EXAMPLES));
    }

    private static boolean bool(Function<String, String> lookup, String key, boolean fallback) {
        Optional<String> text = nonBlank(lookup.apply(key));
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, "is not a boolean", "use true or false");
        };
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(CACHE_FILE, "is not a valid path", "give a file path, or set " + CACHE + "=false");
        }
    }

    /**
     * {@code $XDG_CACHE_HOME/tether/doppler/<hash>.bin}, else {@code ~/.cache/...}. The hash covers host,
     * project, config and token so two tokens never share a file; it reveals none of them.
     */
    private static Path defaultCacheFile(Function<String, String> lookup, URI host, Optional<String> project,
                                         Optional<String> config, String token) {
        String xdg = nonBlank(lookup.apply(XDG_CACHE_HOME)).orElse(System.getenv(XDG_CACHE_HOME));
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        String id = host + "\n" + project.orElse("") + "\n" + config.orElse("") + "\n" + token;
        return base.resolve("tether").resolve("doppler").resolve(sha256Hex(id).substring(0, 32) + ".bin");
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static DopplerException invalid(String key, String problem, String hint) {
        return new DopplerException(Code.DOPPLER_SETTINGS_INVALID, key + " " + problem, hint);
    }
}
