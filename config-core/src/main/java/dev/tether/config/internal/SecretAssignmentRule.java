package dev.tether.config.internal;

import java.util.List;
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

    private SecretAssignmentRule() {
    }

    /** Whether a key's value is a secret by its name: ends in password, secret, token or key, or contains credentials. */
    static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password") || k.endsWith("secret") || k.endsWith("token") || k.endsWith("key")
                || k.contains("credentials");
    }

    /**
     * Scans from each {@code =} / {@code :} back to its key (linear in the text: a regex over every
     * position cost milliseconds on one long base64 value).
     */
    static void find(String text, List<CredentialSpan> urlSpans, List<CredentialSpan> out) {
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
            if (!isSecretKey(text.substring(keyStart, keyEnd)) || insideUrlAuthority(text, keyStart, urlSpans)
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
            return span(keyStart, v + 1, close, close + 1);
        }
        int end;
        if (startsLine(text, keyStart)) {
            end = TextScan.trimEnd(text, v, TextScan.lineEnd(text, v));
            if (quotedKey && end > v && text.charAt(end - 1) == ',') {
                end--;
            }
        } else {
            end = v;
            while (end < n) {
                char e = text.charAt(end);
                if (TextScan.isSpace(e) || (quotedKey && (e == ',' || e == '}' || e == ']' || TextScan.isQuote(e)))) {
                    break;
                }
                end++;
            }
        }
        return span(keyStart, v, end, end);
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

    /** Whether {@code index} lies in the userinfo or host:port of a URL with a password (the URL rule's ground). */
    private static boolean insideUrlAuthority(String text, int index, List<CredentialSpan> urlSpans) {
        for (CredentialSpan s : urlSpans) {
            if (index >= s.start() && index < authorityEnd(text, s)) {
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
