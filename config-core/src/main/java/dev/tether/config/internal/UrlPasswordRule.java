package dev.tether.config.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the userinfo password of {@code scheme://user:password@host} and {@code scheme://:password@host}
 * for any scheme (a letter, then letters, digits, {@code + . -}), without {@link java.net.URI}: the
 * text is often too broken for it.
 *
 * <p>How the host boundary is found: a URL's <em>region</em> runs from {@code ://} to the first of
 * <ul>
 *   <li>the start of another URL in a list ({@code ,redis://}, {@code  rediss://}: a boundary
 *       character followed by {@code scheme://});</li>
 *   <li>the closing quote, when the URL opens right after a quote;</li>
 *   <li>the end of the line, when the URL is the value of a {@code KEY=} / {@code key:} line (so a
 *       password with an unencoded space, {@code redis://:p@ss w@rd@host}, is still covered);</li>
 *   <li>the end of the text, in whole-value mode (one configuration value);</li>
 *   <li>else the first white space.</li>
 * </ul>
 * The <em>last</em> {@code @} in the region ends the userinfo, and its first {@code :} starts the
 * password. Passwords holding {@code @ : / ? #} are therefore covered; when the path or query after
 * the host holds an {@code @} too, more than the password is masked, never less.
 *
 * <p>Stateless and thread-safe.
 */
final class UrlPasswordRule {
    /** {@code KEY=} / {@code export KEY=} / {@code key: } / {@code "key": } from the start of a line up to the URL. */
    private static final Pattern KEY_VALUE_PREFIX =
            Pattern.compile("[ \\t]*(?:export[ \\t]+)?(?:-[ \\t]+)?[\"']?[A-Za-z0-9_.\\-]+[\"']?[ \\t]*[=:][ \\t]*");

    private UrlPasswordRule() {
    }

    static void find(String text, boolean wholeValue, List<CredentialSpan> out) {
        int from = 0;
        while (true) {
            int sep = text.indexOf("://", from);
            if (sep < 0) {
                return;
            }
            int schemeStart = sep;
            while (schemeStart > 0 && TextScan.isSchemeChar(text.charAt(schemeStart - 1))) {
                schemeStart--;
            }
            while (schemeStart < sep && !isAsciiLetter(text.charAt(schemeStart))) {
                schemeStart++;
            }
            int authority = sep + 3;
            if (schemeStart == sep) {
                from = authority; // no scheme, no URL: "://" alone is regex or prose
                continue;
            }
            int regionEnd = regionEnd(text, schemeStart, authority, wholeValue);
            int at = lastAt(text, authority, regionEnd);
            if (at >= 0) {
                int colon = firstColon(text, authority, at);
                if (colon >= 0 && colon + 1 < at) {
                    out.add(new CredentialSpan(CredentialSpan.Kind.URL_PASSWORD, schemeStart,
                            hostEnd(text, at + 1, regionEnd), colon + 1, at));
                }
            }
            from = Math.max(regionEnd, authority);
        }
    }

    private static int regionEnd(String text, int schemeStart, int authority, boolean wholeValue) {
        char before = schemeStart > 0 ? text.charAt(schemeStart - 1) : '\n';
        char quote = TextScan.isQuote(before) ? before : 0;
        boolean toLineEnd = wholeValue || (quote == 0 && isValueOfKeyLine(text, schemeStart));
        int n = text.length();
        for (int i = authority; i < n; i++) {
            char c = text.charAt(i);
            if (quote != 0 && c == quote) {
                return i;
            }
            if (TextScan.isLineBreak(c) && !wholeValue) {
                return i;
            }
            if (TextScan.isSpace(c) && quote == 0 && !toLineEnd) {
                return i;
            }
            if (TextScan.isUrlBoundary(c) && TextScan.urlStartsAt(text, firstNonSpace(text, i + 1))) {
                return i;
            }
        }
        return n;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int firstColon(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') {
                return i;
            }
        }
        return -1;
    }

    private static int lastAt(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text.charAt(i) == '@') {
                return i;
            }
        }
        return -1;
    }

    private static int firstNonSpace(String text, int i) {
        while (i < text.length() && TextScan.isSpace(text.charAt(i)) && !TextScan.isLineBreak(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isValueOfKeyLine(String text, int schemeStart) {
        int lineStart = TextScan.lineStart(text, schemeStart);
        return lineStart >= 0 && KEY_VALUE_PREFIX.matcher(text).region(lineStart, schemeStart).matches();
    }

    /** End of {@code host[:port][/path][?query]} for display: the first white space or quote. */
    private static int hostEnd(String text, int hostStart, int regionEnd) {
        int i = hostStart;
        while (i < regionEnd) {
            char c = text.charAt(i);
            if (TextScan.isSpace(c) || TextScan.isQuote(c)) {
                break;
            }
            i++;
        }
        return i;
    }
}
