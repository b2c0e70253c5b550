package dev.tether.config.internal.dotenv;

/** The backslash escapes of double-quoted values, as compose-go reads them. Stateless. */
final class DoubleQuoteEscapes {
    private DoubleQuoteEscapes() {
    }

    /** Expands double-quote escapes; {@code \$} becomes {@code $$} so that interpolation keeps it literal. */
    static String expand(String raw) {
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = raw.charAt(i + 1);
            if (next == '0' && isOctalByte(raw, i + 2)) {
                out.append((char) Integer.parseInt(raw, i + 2, i + 5, 8));
                i += 5;
                continue;
            }
            String replacement = switch (next) {
                case 'a' -> "\u0007";
                case 'b' -> "\b";
                case 'f' -> "\f";
                case 'n' -> "\n";
                case 'r' -> "\r";
                case 't' -> "\t";
                case 'v' -> "\u000B";
                case '\\' -> "\\";
                case '"' -> "\"";
                case '$' -> "$$";
                default -> null;
            };
            if (replacement == null) {
                out.append('\\'); // escapes compose-go does not know (x, u, c...) stay as written
                i++;
            } else {
                out.append(replacement);
                i += 2;
            }
        }
        return out.toString();
    }

    /** XSI echo's {@code \0NNN}: exactly three octal digits up to 0377; otherwise the text stays as written. */
    private static boolean isOctalByte(String raw, int from) {
        if (from + 3 > raw.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char digit = raw.charAt(i);
            if (digit < '0' || digit > '7') {
                return false;
            }
        }
        return raw.charAt(from) <= '3';
    }
}
