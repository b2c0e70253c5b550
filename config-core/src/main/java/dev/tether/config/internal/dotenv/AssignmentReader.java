package dev.tether.config.internal.dotenv;

import static dev.tether.config.internal.dotenv.DotEnvChars.isHorizontalSpace;
import static dev.tether.config.internal.dotenv.DotEnvChars.isKeyChar;
import static dev.tether.config.internal.dotenv.DotEnvChars.isSpace;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One parse of one file's statements: keys and their {@code export} prefix, separators, unquoted
 * and quoted values, comments and blank lines, line numbers for errors. Records each assignment
 * (sharing repeated key and value strings) and hands values to the {@link Interpolator}. Confined
 * to the calling thread; one instance per parse.
 */
final class AssignmentReader {
    private final String src;
    private final int length;
    private final String fileName;
    private final Function<String, String> lookup;
    private final ChunkedList<DotEnvEntry> entries = new ChunkedList<>();
    private final Map<String, String> assigned = new HashMap<>();
    /** Each assigned key mapped to its first string instance. */
    private final Map<String, String> keys = new HashMap<>();
    private final Interpolator interpolator;
    private int pos;
    private int line = 1;

    /** Reads {@code src}, already normalized (no byte order mark, LF line ends). */
    AssignmentReader(String src, String fileName, Function<String, String> lookup) {
        this.src = src;
        this.length = src.length();
        this.fileName = fileName;
        this.lookup = lookup;
        this.interpolator = new Interpolator(fileName, lookup, assigned);
    }

    /** The file's assignments to its end, or to its first error, which the result then carries. */
    DotEnvFile parse() {
        try {
            while (true) {
                skipBlankLines();
                if (pos >= length) {
                    return new DotEnvFile(fileName, entries);
                }
                if (src.charAt(pos) == '#') {
                    skipToEndOfLine();
                } else {
                    statement();
                }
            }
        } catch (DotEnvSyntaxException e) {
            return new DotEnvFile(fileName, entries, e);
        }
    }

    private void statement() {
        int keyLine = line;
        skipExportPrefix();
        int keyStart = pos;
        while (pos < length && isKeyChar(src.charAt(pos))) {
            pos++;
        }
        String key = src.substring(keyStart, pos);
        boolean spaceAfterKey = skipHorizontalSpace();
        char next = pos < length ? src.charAt(pos) : '\n';
        if (next == '=' || next == ':') {
            if (key.isEmpty()) {
                throw syntax(keyLine, "missing key before '" + next + "'");
            }
            pos++;
            assign(key, value(key, keyLine), keyLine);
        } else if (!key.isEmpty() && (next == '\n' || (next == '#' && spaceAfterKey))) {
            // A bare key inherits its value from the lookup, as in compose-go.
            skipToEndOfLine();
            String inherited = lookup.apply(key);
            if (inherited != null) {
                assign(key, inherited, keyLine);
            }
        } else if (!key.isEmpty() && spaceAfterKey && isKeyChar(next)) {
            throw syntax(keyLine, "key cannot contain a space (expected KEY=VALUE)");
        } else {
            throw syntax(keyLine, "invalid character in key at column " + column()
                    + " (keys may contain letters, digits, '_', '.', '-', '[' and ']'; expected KEY=VALUE)");
        }
    }

    /**
     * Records an assignment. A key assigned again reuses the first assignment's key string, and its
     * value string when the value is unchanged, so that a file repeating lines keeps one copy of each
     * (the entries stay; only the strings are shared).
     */
    private void assign(String key, String value, int keyLine) {
        Map.Entry<String, String> previous = assignedEntry(key);
        String sharedKey = previous == null ? key : previous.getKey();
        String sharedValue = previous != null && previous.getValue().equals(value) ? previous.getValue() : value;
        entries.append(new DotEnvEntry(sharedKey, sharedValue, keyLine));
        assigned.put(sharedKey, sharedValue);
        if (previous == null) {
            keys.put(sharedKey, sharedKey);
        }
    }

    private Map.Entry<String, String> assignedEntry(String key) {
        String sharedKey = keys.get(key);
        return sharedKey == null ? null : Map.entry(sharedKey, assigned.get(sharedKey));
    }

    private void skipExportPrefix() {
        if (!src.startsWith("export", pos)) {
            return;
        }
        int afterWord = pos + "export".length();
        int keyStart = afterWord;
        while (keyStart < length && isHorizontalSpace(src.charAt(keyStart))) {
            keyStart++;
        }
        // "export =1" and "exportFOO=1" are keys named export..., not prefixes.
        if (keyStart > afterWord && keyStart < length && isKeyChar(src.charAt(keyStart))) {
            pos = keyStart;
        }
    }

    private String value(String key, int keyLine) {
        boolean spaceBefore = skipHorizontalSpace();
        if (pos >= length || src.charAt(pos) == '\n') {
            return "";
        }
        char first = src.charAt(pos);
        if (first == '\'' || first == '"') {
            return quoted(first, key, keyLine);
        }
        return unquoted(key, keyLine, spaceBefore);
    }

    private String unquoted(String key, int keyLine, boolean spaceBefore) {
        int start = pos;
        int endOfLine = src.indexOf('\n', pos);
        if (endOfLine < 0) {
            endOfLine = length;
        }
        int end = endOfLine;
        for (int i = start; i < endOfLine; i++) {
            if (src.charAt(i) == '#' && (i == start ? spaceBefore : isHorizontalSpace(src.charAt(i - 1)))) {
                end = i;
                break;
            }
        }
        while (end > start && isSpace(src.charAt(end - 1))) {
            end--;
        }
        pos = endOfLine;
        String raw = src.substring(start, end);
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        // \$ is the only escape outside double quotes; $$ is what the interpolation reads as a literal $.
        return interpolator.interpolate(raw.replace("\\$", "$$"), key, keyLine);
    }

    private String quoted(char quote, String key, int keyLine) {
        int openLine = line;
        StringBuilder value = new StringBuilder();
        boolean escaped = false;
        for (int i = pos + 1; i < length; i++) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (escaped) {
                // An escaped quote loses its backslash; any other escape is kept for expandEscapes.
                escaped = false;
                if (c != quote) {
                    value.append('\\');
                }
                value.append(c);
            } else if (c == '\\') {
                escaped = true;
            } else if (c == quote) {
                pos = i + 1;
                afterClosingQuote(key);
                String raw = value.toString();
                return quote == '"' ? interpolator.interpolate(DoubleQuoteEscapes.expand(raw), key, keyLine) : raw;
            } else {
                value.append(c);
            }
        }
        throw syntax(openLine, "unterminated " + (quote == '"' ? "double" : "single") + "-quoted value of "
                + key + " (no closing " + quote + ")");
    }

    private void afterClosingQuote(String key) {
        skipHorizontalSpace();
        if (pos >= length || src.charAt(pos) == '\n') {
            return;
        }
        if (src.charAt(pos) == '#') {
            skipToEndOfLine();
            return;
        }
        throw syntax(line, "unexpected text after the closing quote of " + key
                + " (only a # comment may follow a quoted value)");
    }


    private DotEnvSyntaxException syntax(int atLine, String detail) {
        return DotEnvSyntaxException.syntax(fileName, atLine, detail);
    }

    private boolean skipHorizontalSpace() {
        int start = pos;
        while (pos < length && isHorizontalSpace(src.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private void skipBlankLines() {
        while (pos < length && isSpace(src.charAt(pos))) {
            if (src.charAt(pos) == '\n') {
                line++;
            }
            pos++;
        }
    }

    private void skipToEndOfLine() {
        int endOfLine = src.indexOf('\n', pos);
        pos = endOfLine < 0 ? length : endOfLine;
    }

    private int column() {
        return pos - (src.lastIndexOf('\n', pos - 1) + 1) + 1;
    }
}
