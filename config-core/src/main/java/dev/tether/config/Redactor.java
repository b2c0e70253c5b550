package dev.tether.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrubs credentials from free text: URL userinfo passwords, Doppler tokens, and the values of
 * secret-looking keys. Keeps what helps a person ({@code rediss://default:****@host:6379}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Redactor {
    /** What a redacted credential is replaced with. */
    public static final String MASK = "****";

    // Interim implementation; the full rules (percent-encoding, lists, broken URLs, key=value) land with issue 2's redaction work.
    private static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*:)([^@\\s]+)(@)");
    private static final Pattern DOPPLER_TOKEN = Pattern.compile("dp\\.(?:ct|pt|st|sa|scim|audit)\\.(?:[A-Za-z0-9_-]+\\.)?[A-Za-z0-9]{40,44}");

    private Redactor() {
    }

    /** Returns {@code text} with every credential it recognises replaced by {@link #MASK}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_PASSWORD.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        return DOPPLER_TOKEN.matcher(out).replaceAll(MASK);
    }

    /** Redacts the value of {@code key}: fully masked when the key names a secret, else {@link #redact(String)}. */
    public static String redactValue(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            return value.isEmpty() ? "" : MASK;
        }
        return redact(value);
    }

    /** Whether a key's value is a secret by its name ({@code *password}, {@code *secret}, {@code *token}, {@code *key}, {@code *credentials*}). */
    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password") || k.endsWith("secret") || k.endsWith("token") || k.endsWith("key") || k.contains("credentials");
    }
}
