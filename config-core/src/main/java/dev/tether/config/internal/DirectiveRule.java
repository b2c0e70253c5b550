package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds passwords that Redis and its tools take as words rather than {@code KEY=value}:
 * <ul>
 *   <li>{@code redis.conf}: {@code requirepass P}, {@code masterauth P}, and ACL rules
 *       {@code user app on >P ~* +@all} (also {@code ACL SETUSER app on >P});</li>
 *   <li>command lines (compose {@code command:}, Dockerfiles, scripts, in shell or exec form):
 *       {@code --requirepass P}, {@code --masterauth P}, {@code --pass P}, {@code --password P},
 *       {@code --auth P}, and {@code redis-cli -a P};</li>
 *   <li>Dockerfile {@code ENV KEY value} / {@code ARG KEY value} with a secret-named key.</li>
 * </ul>
 * One pass over each line: linear. Stateless and thread-safe.
 */
final class DirectiveRule {
    private static final String[] CONF_DIRECTIVES = {"requirepass", "masterauth"};
    private static final String[] FLAGS = {"--requirepass", "--masterauth", "--password", "--pass", "--auth"};

    private DirectiveRule() {
    }

    static void find(String text, Predicate<String> isSecretKey, List<CredentialSpan> out) {
        int n = text.length();
        int lineStart = 0;
        while (lineStart < n) {
            int lineEnd = TextScan.lineEnd(text, lineStart);
            line(text, lineStart, lineEnd, isSecretKey, out);
            lineStart = lineEnd + 1;
        }
    }

    private static void line(String text, int from, int to, Predicate<String> isSecretKey, List<CredentialSpan> out) {
        int i = from;
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        for (String directive : CONF_DIRECTIVES) {
            if (wordAt(text, i, to, directive)) {
                value(text, i + directive.length(), to, true, CredentialSpan.Kind.REDIS_DIRECTIVE, i, out);
                return;
            }
        }
        if (wordAt(text, i, to, "ENV") || wordAt(text, i, to, "ARG")) {
            int keyStart = skipSpaces(text, i + 3, to);
            int keyEnd = keyStart;
            while (keyEnd < to && isKeyChar(text.charAt(keyEnd))) {
                keyEnd++;
            }
            if (keyEnd > keyStart && keyEnd < to && (text.charAt(keyEnd) == ' ' || text.charAt(keyEnd) == '\t')
                    && isSecretKey.test(text.substring(keyStart, keyEnd))) {
                value(text, keyEnd, to, true, CredentialSpan.Kind.SECRET_ASSIGNMENT, keyStart, out);
            }
            return;
        }
        boolean aclLine = wordAt(text, i, to, "user") || containsIgnoreCase(text, from, to, "setuser");
        boolean redisCli = containsIgnoreCase(text, from, to, "redis-cli");
        for (int p = i; p < to; p++) {
            char c = text.charAt(p);
            if (c == '>' && aclLine && (p == from || isSeparator(text.charAt(p - 1))) && p + 1 < to && !isSeparator(text.charAt(p + 1))) {
                int end = p + 1;
                while (end < to && !isSeparator(text.charAt(end))) {
                    end++;
                }
                out.add(new CredentialSpan(CredentialSpan.Kind.REDIS_DIRECTIVE, p, end, p + 1, end));
                p = end;
            } else if (c == '-' && (p == from || isSeparator(text.charAt(p - 1)) || TextScan.isQuote(text.charAt(p - 1))
                    || text.charAt(p - 1) == '[' || text.charAt(p - 1) == ',')) {
                int flagEnd = flagAt(text, p, to, redisCli);
                if (flagEnd > 0) {
                    int end = value(text, flagEnd, to, false, CredentialSpan.Kind.REDIS_DIRECTIVE, p, out);
                    p = Math.max(p, end - 1);
                }
            }
        }
    }

    /** The index after a password flag starting at {@code p} ({@code --requirepass}, {@code -a} after redis-cli), or -1. */
    private static int flagAt(String text, int p, int to, boolean redisCli) {
        for (String flag : FLAGS) {
            int end = p + flag.length();
            if (end <= to && text.regionMatches(true, p, flag, 0, flag.length()) && (end == to || isFlagEnd(text.charAt(end)))) {
                return end;
            }
        }
        if (redisCli && p + 2 <= to && text.startsWith("-a", p) && (p + 2 == to || isFlagEnd(text.charAt(p + 2)))) {
            return p + 2;
        }
        return -1;
    }

    private static boolean isFlagEnd(char c) {
        return c == ' ' || c == '\t' || c == '=' || c == '"' || c == '\'' || c == ',';
    }

    /**
     * Adds the value after {@code from}: quoted, or a bare word ({@code toLineEnd}: the rest of the
     * line); in exec form ({@code "--requirepass", "P"}) the quote, comma and spaces between are skipped.
     * Returns the index after the value.
     */
    private static int value(String text, int from, int to, boolean toLineEnd, CredentialSpan.Kind kind, int start,
                             List<CredentialSpan> out) {
        int v = from;
        if (!toLineEnd && v < to && TextScan.isQuote(text.charAt(v))) {
            v++; // exec form, "--requirepass", "P": the flag's own closing quote
        }
        while (v < to && (text.charAt(v) == ' ' || text.charAt(v) == '\t' || text.charAt(v) == '=' || text.charAt(v) == ',')) {
            v++;
        }
        if (v >= to) {
            return to;
        }
        char open = text.charAt(v);
        if (TextScan.isQuote(open)) {
            int close = v + 1;
            while (close < to && text.charAt(close) != open) {
                close += text.charAt(close) == '\\' ? 2 : 1;
            }
            int end = Math.min(close, to);
            if (end > v + 1) {
                out.add(new CredentialSpan(kind, start, Math.min(to, end + 1), v + 1, end));
            }
            return Math.min(to, end + 1);
        }
        int end;
        if (toLineEnd) {
            end = TextScan.trimEnd(text, v, to);
        } else {
            end = v;
            while (end < to && !isSeparator(text.charAt(end)) && !TextScan.isQuote(text.charAt(end)) && text.charAt(end) != ','
                    && text.charAt(end) != ']') {
                end++;
            }
        }
        if (end > v) {
            out.add(new CredentialSpan(kind, start, end, v, end));
        }
        return end;
    }

    private static boolean wordAt(String text, int i, int to, String word) {
        int end = i + word.length();
        return end < to && text.regionMatches(true, i, word, 0, word.length()) && (text.charAt(end) == ' ' || text.charAt(end) == '\t');
    }

    private static boolean containsIgnoreCase(String text, int from, int to, String needle) {
        String lower = needle.toLowerCase(Locale.ROOT);
        for (int i = from; i + lower.length() <= to; i++) {
            if (text.regionMatches(true, i, lower, 0, lower.length())) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpaces(String text, int i, int to) {
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }
}
