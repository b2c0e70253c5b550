package dev.tether.config;

import dev.tether.config.internal.CredentialFinder;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Scrubs credentials from text and keeps what helps a person:
 * {@code rediss://default:****@cache.example.com:6379}.
 *
 * <p>What is masked:
 * <ul>
 *   <li>the userinfo password of any {@code scheme://user:pass@host} and {@code scheme://:pass@host},
 *       percent-encoded or not, with {@code @ : / ? #} inside it (the last {@code @} before the host
 *       ends the userinfo), in comma-separated lists. For Redis schemes ({@code redis*}, {@code valkey*})
 *       a userinfo without {@code :} is the password, as Lettuce and redis-cli read it
 *       ({@code redis://pass@host}); for other schemes it is a user name and stays ({@code ssh://git@host});</li>
 *   <li>everything before the last {@code @} of a value that looks like it carries userinfo but is no
 *       well-formed URL: {@code user:pw@host:6379}, {@code :pw@h}, {@code redis:/:pw@h}, {@code //:pw@h},
 *       {@code redis:\/\/:pw@h}, percent-encoded URLs;</li>
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
        return masked(text, CredentialFinder::find);
    }

    /**
     * Returns tether's own explanatory text (a hint) with URL passwords and tokens masked; unlike
     * {@link #redact(String)} it does not mask the words after a secret-looking key name, which in a
     * hint are tether's advice ({@code KEY=value}), never a value.
     */
    static String redactProductText(String text) {
        return masked(text, CredentialFinder::findInProductText);
    }

    /**
     * Returns one URL (or comma-separated list of URLs) with its password masked, treating the whole
     * string as the URL: {@code redis://:p@ss w@rd@host} becomes {@code redis://:****@host}.
     */
    public static String redactUri(String uri) {
        return masked(uri, CredentialFinder::findInValue);
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
        String redacted = redactUri(value);
        if (isRedisUrlKey(key) && !startsWithRedisScheme(value)) {
            // A Redis URL key's value in another scheme does not parse as a Redis URL, and its userinfo
            // may be a password in any shape (user://secret@host): everything up to the last '@' goes.
            int at = value.lastIndexOf('@');
            if (at > 0) {
                return MASK + redactUri(value.substring(at));
            }
        }
        return redacted;
    }

    private static boolean isRedisUrlKey(String key) {
        return key != null && (key.equalsIgnoreCase("REDIS_URL") || key.equalsIgnoreCase("redis.url"));
    }

    private static boolean startsWithRedisScheme(String value) {
        int sep = value.indexOf("://");
        String scheme = sep > 0 ? value.substring(0, sep).toLowerCase(java.util.Locale.ROOT) : "";
        return scheme.startsWith("redis") || scheme.startsWith("valkey");
    }

    /**
     * Whether a key's value is a secret by its name, case-insensitively: it ends in {@code password},
     * {@code secret}, {@code token} or {@code key}, or contains {@code credentials}
     * ({@code REDIS_PASSWORD}, {@code redis.password}, {@code api_key}, {@code AWS_CREDENTIALS_FILE}); or
     * one of its words is {@code pass}, {@code pwd}, {@code passwd}, {@code auth}, {@code dsn},
     * {@code private}, {@code credential}, {@code secret}, {@code token}, {@code pem} (key material) and
     * its last word does not name a file, mode or host ({@code DB_PASS}, {@code MYSQL_PWD},
     * {@code REDISCLI_AUTH}, {@code SENTRY_DSN}, {@code SECRET_KEY_BASE}, {@code JWT_PRIVATE_KEY_PEM};
     * not {@code AUTH_MODE}).
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
        return findCredentials(text, Redactor::isSecretKey);
    }

    /**
     * Like {@link #findCredentials(String)}, with {@code isSecretKey} deciding which key names hold
     * secrets (see {@link #secretKeys(String)}).
     */
    public static List<CredentialSpan> findCredentials(String text, Predicate<String> isSecretKey) {
        return List.copyOf(CredentialFinder.find(text, isSecretKey));
    }

    /**
     * The secret-name rule of {@link #isSecretKey(String)} widened by a user's own names: comma- or
     * space-separated, case-insensitive, {@code *} matching any run ({@code BILLING_*,*_SK}), as the
     * {@code TETHER_SECRET_KEYS} setting holds them. Null or blank gives the built-in rule. A user's
     * list only ever adds secrets. The predicate is immutable and thread-safe.
     */
    public static Predicate<String> secretKeys(String extraNames) {
        return CredentialFinder.secretKeys(extraNames);
    }

    /**
     * {@code text[from, to)} with the secret of every given span that reaches into it replaced by
     * {@link #MASK}; overlapping or touching secrets become one mask.
     *
     * @param spans spans found in {@code text} by {@link #findCredentials(String)}, any subset
     * @throws IndexOutOfBoundsException if {@code from..to} is not a range of {@code text}
     */
    public static String mask(String text, List<CredentialSpan> spans, int from, int to) {
        return CredentialFinder.mask(text, spans, from, to, MASK);
    }

    /** {@code text} with what {@code finder} finds masked; the whole text when a rule fails, so never less. */
    private static String masked(String text, Function<String, List<CredentialSpan>> finder) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            return mask(text, finder.apply(text));
        } catch (RuntimeException | StackOverflowError e) {
            return MASK;
        }
    }

    private static String mask(String text, List<CredentialSpan> spans) {
        return spans.isEmpty() ? text : CredentialFinder.mask(text, spans, 0, text.length(), MASK);
    }
}
