package dev.tether.config;

import dev.tether.config.internal.CredentialFinder;
import dev.tether.config.internal.CredentialSpan;
import java.util.List;
import java.util.function.Function;

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
        return redactUri(value);
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
