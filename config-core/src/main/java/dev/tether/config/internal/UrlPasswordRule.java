package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

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
 * the host holds an {@code @} too, more than the password is masked, never less. For the Redis
 * family of schemes ({@code redis*}, {@code valkey*}) a userinfo without a {@code :} is the password,
 * as Lettuce's {@code RedisURI} and {@code redis-cli} read it ({@code redis://secret@host}); for other
 * schemes it is a user name and stays, except right after a Redis URL's {@code ,}: there it is a later
 * seed of the list ({@code redis://:a@n1,app://b@n2} is user {@code app} with password {@code //b}).
 *
 * <p>A quoted URL whose closing quote is followed by more text of the same word
 * ({@code "redis://:pa"ss@host"}) runs to the end of that word, so a quote inside a password hides no
 * fragment of it. Every character is looked at a bounded number of times: linear in the text.
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
        // where the last Redis-family URL's region ended at a ',': a URL right after it is a later seed of
        // the same list, whose userinfo follows the Redis rule whatever it looks like ("app://PW@h" is
        // user "app" and a password starting with "//", not an "app" URL)
        int redisListComma = -1;
        while (true) {
            int sep = text.indexOf("://", from);
            if (sep < 0) {
                return;
            }
            int schemeStart = sep;
            while (schemeStart > from && TextScan.isSchemeChar(text.charAt(schemeStart - 1))) {
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
            boolean redis = isRedisScheme(text, schemeStart, sep)
                    || redisListComma >= 0 && firstNonSpace(text, redisListComma + 1) == schemeStart;
            redisListComma = redis && regionEnd < text.length() && text.charAt(regionEnd) == ',' ? regionEnd : -1;
            if (at < 0 && authority < regionEnd && text.charAt(authority) == ':' && redis) {
                // redis://:PASSWORD with its '@host' forgotten: what follows "://:" is the password
                int end = regionEnd;
                if (end > authority + 1) {
                    out.add(new CredentialSpan(CredentialSpan.Kind.URL_PASSWORD, schemeStart, end, authority + 1, end));
                }
            }
            if (at >= 0) {
                int colon = firstColon(text, authority, at);
                if (redis && colon >= 0 && firstAt(text, authority, colon) >= 0) {
                    colon = -1; // redis://PASSWORD@host:port/...@...: the userinfo before the first '@' has no ':'
                }
                int secretStart = colon >= 0 ? colon + 1 : redis ? authority : -1;
                int secretEnd = at;
                if (redis && colon >= 0 && colon + 1 == at) {
                    // redis://WORD:@host: nothing after the ':', so the word is what may be secret
                    secretStart = authority;
                    secretEnd = colon;
                }
                if (secretStart >= 0 && secretStart < secretEnd) {
                    out.add(new CredentialSpan(CredentialSpan.Kind.URL_PASSWORD, schemeStart,
                            hostEnd(text, at + 1, regionEnd), secretStart, secretEnd));
                }
            }
            from = Math.max(regionEnd, authority);
        }
    }

    /** Whether the scheme {@code text[start, end)} is one whose userinfo without ':' is a password. */
    static boolean isRedisScheme(String text, int start, int end) {
        return (end - start >= 5 && text.regionMatches(true, start, "redis", 0, 5))
                || (end - start >= 6 && text.regionMatches(true, start, "valkey", 0, 6));
    }

    private static int regionEnd(String text, int schemeStart, int authority, boolean wholeValue) {
        char before = schemeStart > 0 ? text.charAt(schemeStart - 1) : '\n';
        char quote = TextScan.isQuote(before) ? before : 0;
        boolean toLineEnd = wholeValue || (quote == 0 && isValueOfKeyLine(text, schemeStart));
        int n = text.length();
        for (int i = authority; i < n; i++) {
            char c = text.charAt(i);
            if (quote != 0 && c == quote) {
                if (i + 1 < n && !TextScan.isUrlBoundary(text.charAt(i + 1)) && text.charAt(i + 1) != ':') {
                    // a quote inside the password: the word goes on, so the URL does
                    quote = 0;
                    continue;
                }
                return i;
            }
            if (TextScan.isLineBreak(c) && !wholeValue) {
                return i;
            }
            if (TextScan.isSpace(c) && quote == 0 && !toLineEnd) {
                return i;
            }
            if (TextScan.isUrlBoundary(c)) {
                int next = firstNonSpace(text, i + 1);
                if (TextScan.urlStartsAt(text, next)) {
                    return i;
                }
                if (next > i + 1 && TextScan.isSpace(text.charAt(next - 1)) && (quote != 0 || toLineEnd)) {
                    i = next - 1; // the spaces between share this answer: never rescan them (linear)
                }
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

    private static int firstAt(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '@') {
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
