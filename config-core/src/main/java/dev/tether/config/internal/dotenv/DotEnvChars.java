package dev.tether.config.internal.dotenv;

/** The character classes of the compose {@code .env} dialect. Stateless. */
final class DotEnvChars {
    private DotEnvChars() {
    }

    /** Horizontal whitespace as compose-go counts it (a lone CR included, LF excluded). */
    static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u00A0';
    }

    /** Any whitespace, line ends included. */
    static boolean isSpace(char c) {
        return isHorizontalSpace(c) || Character.isWhitespace(c);
    }

    /** A character of a key: letters, digits, {@code _ . - [ ]}. */
    static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
    }

    /** The first character of a variable name in a reference: an ASCII letter or {@code _}. */
    static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    /** A later character of a variable name: also an ASCII digit. */
    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
