package dev.tether.config;

import dev.tether.config.internal.CredentialFinder;
import java.util.ArrayList;
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

    /**
     * The credentials {@link #redact(String)} would mask in free text, in order of their start; for
     * tools that report where secrets are ({@code tether scan}). Unlike the redacting methods this one
     * throws what the rules throw.
     *
     * @param text the text to search; not null
     * @return the spans, possibly overlapping (a URL password inside a secret-named key's value)
     */
    public static List<CredentialSpan> findCredentials(String text) {
        List<CredentialSpan> spans = new ArrayList<>();
        for (dev.tether.config.internal.CredentialSpan s : CredentialFinder.find(text)) {
            spans.add(new CredentialSpan(CredentialSpan.Kind.valueOf(s.kind().name()), s.start(), s.end(), s.secretStart(), s.secretEnd()));
        }
        return List.copyOf(spans);
    }

    /**
     * {@code text[from, to)} with the secret of every given span that reaches into it replaced by
     * {@link #MASK}; overlapping or touching secrets become one mask.
     *
     * @param spans spans found in {@code text} by {@link #findCredentials(String)}, any subset
     * @throws IndexOutOfBoundsException if {@code from..to} is not a range of {@code text}
     */
    public static String mask(String text, List<CredentialSpan> spans, int from, int to) {
        List<dev.tether.config.internal.CredentialSpan> internal = new ArrayList<>(spans.size());
        for (CredentialSpan s : spans) {
            internal.add(new dev.tether.config.internal.CredentialSpan(
                    dev.tether.config.internal.CredentialSpan.Kind.valueOf(s.kind().name()), s.start(), s.end(), s.secretStart(), s.secretEnd()));
        }
        return CredentialFinder.mask(text, internal, from, to, MASK);
    }

    private static String mask(String text, List<dev.tether.config.internal.CredentialSpan> spans) {
        return spans.isEmpty() ? text : CredentialFinder.mask(text, spans, 0, text.length(), MASK);
    }
}
