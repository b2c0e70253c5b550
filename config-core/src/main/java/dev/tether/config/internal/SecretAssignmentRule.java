package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the values of secret-named keys in free text: {@code KEY=value} ({@code .env}, properties,
 * {@code export KEY=value}, {@code --password=value}), {@code key: value} (YAML), {@code "key":"value"}
 * (JSON, also with escaped quotes inside a log line), {@code key => value}.
 *
 * <p>Where the value ends: a quoted value at its closing quote (a double-quoted value honours
 * backslash escapes and, like in {@code .env}, may run over several lines); an unquoted value of a
 * key that starts its line at the end of the line (so {@code REDIS_PASSWORD=a b # c} is masked
 * whole); any other unquoted value at the first white space (and at {@code , } ] } after a quoted
 * key). Inside a line, {@code key:value} without a space counts only with a quoted key (it is mostly
 * {@code host:port}). Keys inside a password URL's userinfo or host belong to the URL rule.
 *
 * <p>Stateless and thread-safe.
 */
final class SecretAssignmentRule {
    private static final Pattern LINE_START_PREFIX = Pattern.compile("[ \\t]*(?:export[ \\t]+)?(?:-[ \\t]+)?(?:\\\\?[\"'])?");
    /** How far a quoted value may run before it is taken as unterminated (then masked to the end of its line). */
    private static final int MAX_QUOTED = 16_384;
    /** Longer "keys" are data, not names: never taken as a key (keeps one huge token from costing a copy per '='). */
    private static final int MAX_KEY = 256;

    private SecretAssignmentRule() {
    }

    /** Words that make a key a secret wherever they stand in its name ({@code DB_PASS}, {@code SENTRY_DSN}). */
    private static final Set<String> SECRET_WORDS = Set.of(
            "password", "passwd", "pass", "pwd", "passphrase", "secret", "secrets", "token", "auth", "authorization",
            "dsn", "private", "credential", "credentials", "apikey", "privatekey", "pem", "pkcs8", "pfx", "p12", "keystore");
    /** Words ending in "key" that are no key. */
    private static final List<String> NOT_KEYS = List.of("valkey", "monkey", "turkey", "hockey", "jockey", "donkey", "whiskey");
    /** Last words that make a key name a thing about a secret rather than the secret ({@code TOKEN_FILE}, {@code AUTH_MODE}). */
    private static final Set<String> NOT_THE_VALUE = Set.of(
            "file", "path", "dir", "url", "uri", "host", "mode", "enabled", "enable", "type", "name", "id", "ttl", "timeout",
            "length", "size", "header", "prefix", "algorithm", "method", "provider", "endpoint", "version", "count", "expiry");

    /**
     * Whether a key's value is a secret by its name, case-insensitively: it ends in password, secret,
     * token or key, or contains credentials; or one of its words ({@code _ . -} and camelCase split
     * it) is pass, pwd, passwd, auth, dsn, private, credential, secret, token, pem... and its last word
     * does not say it names a file, a mode or a host ({@code REDIS_TOKEN_FILE}); or its last word is
     * key ({@code TLS_KEY}).
     */
    static boolean isSecretKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (NOT_KEYS.stream().anyMatch(k::endsWith)) {
            return false; // VALKEY_URL's cousin VALKEY, MONKEY: words that merely end in "key"
        }
        if (k.endsWith("password") || k.endsWith("secret") || k.endsWith("token") || k.endsWith("key")
                || k.contains("credentials") || k.endsWith("passwd") || k.endsWith("passphrase")) {
            return true;
        }
        List<String> words = words(key);
        if (words.isEmpty() || NOT_THE_VALUE.contains(words.get(words.size() - 1))) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (SECRET_WORDS.contains(w) || (w.equals("key") && i + 1 < words.size()) || w.equals("sk")) {
                return true;
            }
        }
        return false;
    }

    /** The lower-case words of a key name: split at {@code _ . - /} and at a lower-to-upper case change. */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean split = !Character.isLetterOrDigit(c);
            if (!split && Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (split) {
                if (word.length() > 0) {
                    words.add(word.toString().toLowerCase(Locale.ROOT));
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /**
     * Scans from each {@code =} / {@code :} back to its key (linear in the text: a regex over every
     * position cost milliseconds on one long base64 value).
     */
    static void find(String text, List<CredentialSpan> urlSpans, List<CredentialSpan> out, Predicate<String> isSecretKey) {
        int n = text.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != '=' && c != ':') {
                continue;
            }
            int opEnd;
            if (c == '=') {
                opEnd = i + 1 < n && text.charAt(i + 1) == '>' ? i + 2 : i + 1;
            } else {
                if (i + 1 < n && (text.charAt(i + 1) == ':' || text.charAt(i + 1) == '/')) {
                    continue;
                }
                opEnd = i + 1;
            }
            int k = i;
            while (k > 0 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\t')) {
                k--;
            }
            boolean quotedKey = false;
            if (k > 0 && (text.charAt(k - 1) == '"' || text.charAt(k - 1) == '\'')) {
                quotedKey = true;
                k--;
                if (k > 0 && text.charAt(k - 1) == '\\') {
                    k--;
                }
            }
            int keyEnd = k;
            while (k > 0 && isKeyChar(text.charAt(k - 1))) {
                k--;
            }
            int keyStart = k;
            if (keyStart == keyEnd || text.charAt(keyStart) == '.' || keyStart < from) {
                continue;
            }
            int v = opEnd;
            while (v < n && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
                v++;
            }
            boolean bareColon = !quotedKey && c == ':' && v == opEnd;
            if (keyEnd - keyStart > MAX_KEY || !isSecretKey.test(text.substring(keyStart, keyEnd)) || insideUrlAuthority(text, keyStart, urlSpans)
                    || (bareColon && !startsLine(text, keyStart))) {
                continue;
            }
            from = v;
            CredentialSpan span = value(text, keyStart, v, quotedKey);
            if (span != null) {
                out.add(span);
                from = Math.max(from, span.end());
                i = Math.max(i, span.end() - 1);
            }
        }
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static CredentialSpan value(String text, int keyStart, int v, boolean quotedKey) {
        int n = text.length();
        if (v >= n || TextScan.isLineBreak(text.charAt(v))) {
            return null;
        }
        char c = text.charAt(v);
        if (c == '\\' && v + 1 < n && text.charAt(v + 1) == '"') {
            int end = v + 2;
            while (end < n && !TextScan.isLineBreak(text.charAt(end)) && !text.startsWith("\\\"", end)) {
                end++;
            }
            boolean closed = text.startsWith("\\\"", end);
            return span(keyStart, v + 2, end, closed ? end + 2 : end);
        }
        if (c == '"' || c == '\'') {
            int close = closingQuote(text, v + 1, c);
            if (close < 0) {
                int end = TextScan.trimEnd(text, v + 1, TextScan.lineEnd(text, v));
                return span(keyStart, v + 1, end, end);
            }
            if (close + 1 < n && continuesWord(text.charAt(close + 1))) {
                // a quote inside the quoted value ('ab'cd'): the value runs to the last such quote on the line
                int lineEnd = TextScan.lineEnd(text, close);
                int last = close;
                for (int i = close + 1; i < lineEnd; i++) {
                    if (text.charAt(i) == c) {
                        last = i;
                    }
                }
                return last > close ? span(keyStart, v + 1, last, last + 1)
                        : span(keyStart, v + 1, TextScan.trimEnd(text, v + 1, lineEnd), lineEnd);
            }
            return span(keyStart, v + 1, close, close + 1);
        }
        v = afterAuthScheme(text, v);
        int end;
        if (startsLine(text, keyStart)) {
            end = TextScan.trimEnd(text, v, TextScan.lineEnd(text, v));
            if (quotedKey && end > v && text.charAt(end - 1) == ',') {
                end--;
            }
        } else {
            end = v;
            // "Authorization: Bearer x" inside a quoted string ends at that string's quote
            char enclosingQuote = keyStart > 0 && TextScan.isQuote(text.charAt(keyStart - 1)) ? text.charAt(keyStart - 1) : 0;
            while (end < n) {
                char e = text.charAt(end);
                if (TextScan.isSpace(e) || e == enclosingQuote && enclosingQuote != 0 && (end + 1 >= n || !continuesWord(text.charAt(end + 1)))
                        || (quotedKey && (e == ',' || e == '}' || e == ']' || TextScan.isQuote(e)))) {
                    break;
                }
                end++;
            }
        }
        return span(keyStart, v, end, end);
    }

    /** After {@code Bearer }, {@code Basic }, {@code Token } or {@code Digest }: the scheme word stays readable, what follows is the secret. */
    private static int afterAuthScheme(String text, int v) {
        for (String scheme : new String[] {"bearer", "basic", "token", "digest"}) {
            int end = v + scheme.length();
            if (end + 1 < text.length() && text.regionMatches(true, v, scheme, 0, scheme.length()) && text.charAt(end) == ' ') {
                while (end < text.length() && text.charAt(end) == ' ') {
                    end++;
                }
                return end < text.length() && !TextScan.isLineBreak(text.charAt(end)) ? end : v;
            }
        }
        return v;
    }

    /** Whether {@code c} right after a closing quote means the quoted word goes on. */
    private static boolean continuesWord(char c) {
        return !(TextScan.isSpace(c) || c == ',' || c == ';' || c == ')' || c == '}' || c == ']' || c == '#' || c == '\\'
                || c == '>' || c == '"' || c == '\'');
    }

    private static CredentialSpan span(int keyStart, int secretStart, int secretEnd, int end) {
        return secretEnd > secretStart
                ? new CredentialSpan(CredentialSpan.Kind.SECRET_ASSIGNMENT, keyStart, end, secretStart, secretEnd)
                : null;
    }

    /** Index of the quote closing a value opened by {@code quote} just before {@code from}, or -1. */
    private static int closingQuote(String text, int from, char quote) {
        int limit = Math.min(text.length(), from + MAX_QUOTED);
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote == '"') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsLine(String text, int keyStart) {
        int lineStart = TextScan.lineStart(text, keyStart);
        return lineStart >= 0 && LINE_START_PREFIX.matcher(text).region(lineStart, keyStart).matches();
    }

    /**
     * Whether {@code index} lies in the userinfo or host:port of a URL with a password (the URL rule's
     * ground). {@code urlSpans} are sorted by start and do not overlap: a binary search finds the one
     * candidate (linear overall, however many URLs a text holds).
     */
    private static boolean insideUrlAuthority(String text, int index, List<CredentialSpan> urlSpans) {
        int lo = 0;
        int hi = urlSpans.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (urlSpans.get(mid).start() <= index) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int i = found; i >= 0 && i >= found - 1; i--) {
            CredentialSpan s = urlSpans.get(i);
            if (index >= s.start() && index < s.end() && index < authorityEnd(text, s)) {
                return true;
            }
        }
        return false;
    }

    private static int authorityEnd(String text, CredentialSpan url) {
        int i = url.secretEnd();
        while (i < url.end() && "/?#".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
