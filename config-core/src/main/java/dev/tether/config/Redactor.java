package dev.tether.config;

import dev.tether.config.internal.CredentialFinder;
import dev.tether.config.internal.CredentialSpan;
import java.util.List;

/**
 * Scrubs credentials from text and keeps what helps a person:
 * {@code rediss://default:****@cache.example.com:6379}.
 *
 * <p>What is masked:
 * <ul>
 *   <li>the userinfo password of any {@code scheme://user:pass@host} and {@code scheme://:pass@host},
 *       percent-encoded or not, with {@code @ : / ? #} inside it (the last {@code @} before the host
 *       ends the userinfo), in comma-separated lists, and in URLs too broken for {@link java.net.URI}.
 *       A URL with a user and no password ({@code redis://user@host}) is left alone;</li>
 *   <li>Doppler tokens ({@code dp.ct.}, {@code dp.pt.}, {@code dp.st.[config.]}, {@code dp.sa.},
 *       {@code dp.scim.}, {@code dp.audit.} + 40–44 alphanumerics); the prefix stays;</li>
 *   <li>values of secret-named keys (see {@link #isSecretKey(String)}) in {@code KEY=value},
 *       {@code key: value}, {@code "key":"value"} and {@code key=value} shapes.</li>
 * </ul>
 * When in doubt more is masked, never less. The methods never throw: {@code null} gives
 * {@code null}, and should a rule ever fail the whole text is replaced by {@link #MASK}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Redactor {
    /** What a redacted credential is replaced with. */
    public static final String MASK = "****";

    private Redactor() {
    }

    /**
     * Returns free text (a log line, a file, an exception message) with every credential it
     * recognises replaced by {@link #MASK}. A URL ends at the first white space unless it is quoted or
     * is the value of a {@code KEY=} line.
     */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            return mask(text, CredentialFinder.find(text));
        } catch (RuntimeException | StackOverflowError e) {
            return MASK;
        }
    }

    /**
     * Returns one URL (or comma-separated list of URLs) with its password masked, treating the whole
     * string as the URL: {@code redis://:p@ss w@rd@host} becomes {@code redis://:****@host}.
     */
    public static String redactUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            return uri;
        }
        try {
            return mask(uri, CredentialFinder.findInValue(uri));
        } catch (RuntimeException | StackOverflowError e) {
            return MASK;
        }
    }

    /**
     * Redacts the value of {@code key}: fully masked when the key names a secret (an empty value stays
     * empty), else treated as one value like {@link #redactUri(String)}.
     */
    public static String redactValue(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            return value.isEmpty() ? "" : MASK;
        }
        return redactUri(value);
    }

    /**
     * Whether a key's value is a secret by its name, case-insensitively: it ends in {@code password},
     * {@code secret}, {@code token} or {@code key}, or contains {@code credentials}
     * ({@code REDIS_PASSWORD}, {@code redis.password}, {@code api_key}, {@code AWS_CREDENTIALS_FILE}).
     */
    public static boolean isSecretKey(String key) {
        return CredentialFinder.isSecretKey(key);
    }

    private static String mask(String text, List<CredentialSpan> spans) {
        return spans.isEmpty() ? text : CredentialFinder.mask(text, spans, 0, text.length(), MASK);
    }
}
