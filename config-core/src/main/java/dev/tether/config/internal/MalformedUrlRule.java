package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

import java.util.List;

/**
 * Hides the userinfo of a URL too broken for {@link UrlPasswordRule}: {@code user:pw@host:6379} without
 * a scheme, {@code :pw@h}, {@code redis:/:pw@h}, {@code redis:pw@h}, {@code redis//:pw@h},
 * {@code //:pw@h}, {@code ://:pw@h}, {@code redis:\/\/:pw@h} (escaped slashes) and a fully
 * percent-encoded {@code redis%3A%2F%2F%3Apw%40h}.
 *
 * <p>The rule: a word (or, in whole-value mode, the whole value) that looks like it carries userinfo
 * and is not a well-formed {@code scheme://} URL has everything up to its last {@code @} (or
 * {@code %40}) hidden. It looks like it carries userinfo when that part holds a {@code :}, {@code /},
 * {@code \} or an encoded {@code %3A}/{@code %2F}, or when a {@code host:port} follows the {@code @}.
 * A plain e-mail address ({@code ops@example.com}) is left alone.
 *
 * <p>Linear: each word is looked at once. Stateless and thread-safe.
 */
final class MalformedUrlRule {
    private MalformedUrlRule() {
    }

    static void find(String text, boolean wholeValue, List<CredentialSpan> out) {
        if (text.indexOf('@') < 0 && indexOfIgnoreCase(text, "%40", 0, text.length()) < 0) {
            return;
        }
        if (wholeValue) {
            int start = 0;
            while (start < text.length() && TextScan.isSpace(text.charAt(start))) {
                start++;
            }
            check(text, start, TextScan.trimEnd(text, start, text.length()), true, out);
            return;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBoundary(text, i, i)) {
                i++;
            }
            int start = i;
            while (i < n && !isBoundary(text, i, start)) {
                i++;
            }
            if (i > start) {
                check(text, start, i, false, out);
            }
        }
    }

    private static boolean isHard(char c) {
        return TextScan.isSpace(c) || c == '<' || c == '>' || c == '|';
    }

    private static boolean isSoft(char c) {
        return TextScan.isQuote(c) || "(){}[],;=".indexOf(c) >= 0;
    }

    /**
     * Whether {@code text[i]} ends a word that started at {@code wordStart}. White space always does; a
     * quote, bracket, comma, semicolon or '=' only next to white space, the text's edge or another such
     * character (so a password holding one stays in its word), and '=' also after a key-like word
     * ({@code REDIS_URL=}).
     */
    private static boolean isBoundary(String text, int i, int wordStart) {
        char c = text.charAt(i);
        if (isHard(c)) {
            return true;
        }
        if (!isSoft(c)) {
            return false;
        }
        boolean prevEdge = i == 0 || isHard(text.charAt(i - 1)) || isSoft(text.charAt(i - 1));
        boolean nextEdge = i + 1 >= text.length() || isHard(text.charAt(i + 1)) || isSoft(text.charAt(i + 1));
        if (prevEdge || nextEdge) {
            return true;
        }
        if (c == '=') {
            for (int k = wordStart; k < i; k++) {
                char w = text.charAt(k);
                if (!(Character.isLetterOrDigit(w) || w == '_' || w == '.' || w == '-')) {
                    return false;
                }
            }
            return i > wordStart;
        }
        return false;
    }

    private static void check(String text, int start, int end, boolean wholeValue, List<CredentialSpan> out) {
        int at = -1;
        for (int i = end - 1; i >= start; i--) {
            if (text.charAt(i) == '@') {
                at = i;
                break;
            }
        }
        int encodedAt = lastIndexOfIgnoreCase(text, "%40", start, end);
        int maskEnd = Math.max(at, encodedAt);
        if (maskEnd <= start || hasWellFormedUrl(text, start, maskEnd, wholeValue)) {
            return;
        }
        if (!hasLetterOrDigit(text, start, maskEnd)) {
            return; // "^:/@" in a regex: nothing there could be a password
        }
        int hostStart = maskEnd == at ? at + 1 : encodedAt + 3;
        boolean userinfo = looksLikeUserinfo(text, start, maskEnd);
        if (!userinfo) {
            // without ':' or '/' only a host:port after the '@' says it is one (secret@host:6379, not ops@example.com)
            if (hostStart >= end || !Character.isLetterOrDigit(text.charAt(hostStart)) || !hasPort(text, hostStart, end)) {
                return;
            }
        }
        out.add(new CredentialSpan(CredentialSpan.Kind.MALFORMED_URL, start, end, start, maskEnd));
    }

    private static boolean looksLikeUserinfo(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '\\') {
                return true;
            }
            // a ':' between quotes is JSON's separator ("mail":"a@b"), not a userinfo's
            if (c == ':' && !(i > from && TextScan.isQuote(text.charAt(i - 1)) && i + 1 < to && TextScan.isQuote(text.charAt(i + 1)))) {
                return true;
            }
        }
        return indexOfIgnoreCase(text, "%3A", from, to) >= 0 || indexOfIgnoreCase(text, "%2F", from, to) >= 0;
    }

    private static boolean hasLetterOrDigit(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code host:digits} right after the {@code @}. */
    private static boolean hasPort(String text, int hostStart, int end) {
        int i = hostStart;
        while (i < end && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == '-')) {
            i++;
        }
        return i + 1 < end && text.charAt(i) == ':' && Character.isDigit(text.charAt(i + 1));
    }

    /**
     * Whether a well-formed {@code scheme://} (the URL rule's ground) starts in {@code [from, to)}: its
     * scheme is a whole run of scheme characters led by a letter, at the word's start or after a
     * delimiter ({@code "url":"redis://…}); for one configuration value, at the value's start only
     * ({@code user:pw@host:6379x://@} is not a URL).
     */
    private static boolean hasWellFormedUrl(String text, int from, int to, boolean wholeValue) {
        int sep = indexOfIgnoreCase(text, "://", from, to + 2);
        if (sep < 0) {
            return false;
        }
        int run = sep;
        while (run > from && TextScan.isSchemeChar(text.charAt(run - 1))) {
            run--;
        }
        int s = run;
        while (s < sep && !Character.isLetter(text.charAt(s))) {
            s++; // "1redis://": the URL rule reads the scheme from its first letter, so does this
        }
        if (s == sep) {
            return false;
        }
        if (run == from) {
            return true;
        }
        if (wholeValue) {
            return false;
        }
        char before = text.charAt(run - 1);
        return before != ':' && before != '@' && before != '%' && before != '/' && before != '\\';
    }

    private static int indexOfIgnoreCase(String text, String needle, int from, int to) {
        int limit = Math.min(to, text.length());
        for (int i = from; i + needle.length() <= limit; i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfIgnoreCase(String text, String needle, int from, int to) {
        for (int i = to - needle.length(); i >= from; i--) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
