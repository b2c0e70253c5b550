package dev.tether.cli.scan;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a value found where a credential belongs is a committed literal or something that
 * only stands for one: a reference ({@code ${REDIS_PASSWORD}}, GitHub Actions' {@code ${{ secrets.X }}},
 * {@code $TOKEN}, {@code %TOKEN%},
 * {@code {{ .token }}}), a placeholder ({@code <password>}, {@code ****}, {@code xxx} (three or more),
 * {@code your-password}, {@code changeme}) or a flag ({@code true}, {@code null}).
 *
 * <p>{@code changeme} and friends count as placeholders: they are in every tutorial, are known to
 * everyone, and reporting them would bury the real leaks. A reference with a default
 * ({@code ${REDIS_PASSWORD:-hunter2}}) is judged by its default, which is a committed literal.
 *
 * <p>Stateless and thread-safe.
 */
final class LiteralValues {
    private static final Pattern REFERENCE_WITH_DEFAULT = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_.\\-]*(:?[-=+?]|:)(.*)}");
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\{\\{.*}}|\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\\{\\{.*}}|#\\{.*}|%\\([A-Za-z_]+\\)s|<[^<>]*>|\\[[^\\[\\]]*]");
    private static final Pattern REPEATED_MASK = Pattern.compile("\\*+|•+|…|([xX.#_\\-])\\1{2,}");
    private static final Set<String> PLACEHOLDERS = Set.of(
            "changeme", "change-me", "change_me", "changeit", "replaceme", "replace-me", "replace_me", "fixme", "todo", "tbd",
            "password", "passwd", "pass", "pwd", "secret", "token", "key", "apikey", "api-key", "api_key",
            "value", "mypassword", "my-password", "my_password", "mysecret", "example", "placeholder", "redacted", "dummy",
            "user", "username", "login", "null", "nil", "none", "undefined", "empty", "required", "true", "false", "yes", "no", "on", "off");

    private LiteralValues() {
    }

    /** Whether {@code value} is a non-empty literal credential rather than a reference or placeholder. */
    static boolean isLiteral(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return false;
        }
        Matcher withDefault = REFERENCE_WITH_DEFAULT.matcher(v);
        if (withDefault.matches()) {
            return !withDefault.group(1).contains("?") && isLiteral(withDefault.group(2));
        }
        if (REFERENCE.matcher(v).matches() || REPEATED_MASK.matcher(v).matches()) {
            return false;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        return !PLACEHOLDERS.contains(lower) && !lower.startsWith("your") && !lower.startsWith("<your");
    }

    /** An unquoted value without its trailing {@code  # comment} (YAML, properties, .env). */
    static String withoutTrailingComment(String value) {
        int hash = value.indexOf(" #");
        int tab = value.indexOf("\t#");
        int cut = hash < 0 ? tab : tab < 0 ? hash : Math.min(hash, tab);
        return cut < 0 ? value : value.substring(0, cut);
    }
}
