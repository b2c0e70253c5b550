package dev.tether.config.internal;

/** Character classes and look-arounds shared by the credential rules. Stateless. */
final class TextScan {
    /** How far back a rule looks for the start of a line before giving up (keeps scans linear). */
    static final int MAX_LINE_PREFIX = 256;

    private TextScan() {
    }

    static boolean isSchemeChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** Characters after which a new {@code scheme://} starts a new URL (a list separator or a delimiter). */
    static boolean isUrlBoundary(char c) {
        return isSpace(c) || c == ',' || c == ';' || isQuote(c) || c == '<' || c == '>' || c == '(' || c == ')'
                || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' || c == '\\';
    }

    /** Whether {@code scheme://} (scheme starting with an ASCII letter) begins at {@code at}. */
    static boolean urlStartsAt(String text, int at) {
        int n = text.length();
        if (at >= n || at < 0 || text.charAt(at) >= 128 || !Character.isLetter(text.charAt(at))) {
            return false;
        }
        int i = at + 1;
        while (i < n && isSchemeChar(text.charAt(i))) {
            i++;
        }
        return text.startsWith("://", i);
    }

    /** Start of the line holding {@code index}, or -1 when it lies more than {@link #MAX_LINE_PREFIX} back. */
    static int lineStart(String text, int index) {
        int limit = Math.max(0, index - MAX_LINE_PREFIX);
        for (int i = index - 1; i >= limit; i--) {
            if (isLineBreak(text.charAt(i))) {
                return i + 1;
            }
        }
        return limit == 0 ? 0 : -1;
    }

    /** End of the line holding {@code index} (the index of its line break, or the text's length). */
    static int lineEnd(String text, int index) {
        for (int i = index; i < text.length(); i++) {
            if (isLineBreak(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }

    /** {@code end} moved back over trailing white space, not before {@code start}. */
    static int trimEnd(String text, int start, int end) {
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
