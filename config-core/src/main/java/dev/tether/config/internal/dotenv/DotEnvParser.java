package dev.tether.config.internal.dotenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Parses {@code .env} files in the docker compose dialect (compose-go's {@code dotenv} package).
 *
 * <ul>
 *   <li>{@code KEY=value} or {@code KEY: value}, optional {@code export } prefix; keys are letters,
 *       digits, {@code _ . - [ ]}; blank lines and lines starting with {@code #} are skipped.</li>
 *   <li>Unquoted values are trimmed; {@code #} starts a comment only after whitespace, so
 *       {@code redis://:p#ss@h} keeps its {@code #}.</li>
 *   <li>Single quotes are literal (only {@code \'} is unescaped); double quotes understand
 *       {@code \n \r \t \\ \" \$ \a \b \f \v} and octal {@code \0NNN}. Both may span lines. After the
 *       closing quote only whitespace and a {@code #} comment may follow.</li>
 *   <li>Unquoted and double-quoted values are interpolated: {@code $VAR}, {@code ${VAR}},
 *       {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}},
 *       {@code ${VAR:+alt}}, {@code ${VAR+alt}}; {@code $$} and {@code \$} are a literal dollar, and a
 *       {@code $} not followed by a name or brace is literal (no command substitution). A variable is
 *       looked up with {@code lookup} first, then among the keys assigned earlier in the file (as
 *       compose-go does: the process environment outranks the file).</li>
 *   <li>A key alone on a line ({@code KEY}) takes its value from {@code lookup}, and is left out when
 *       the lookup has none.</li>
 *   <li>A UTF-8 byte order mark is skipped, CRLF line ends are read as LF, the last duplicate wins,
 *       {@code KEY=} is the empty string.</li>
 * </ul>
 *
 * <p>Errors are {@link DotEnvSyntaxException}s whose messages never contain a value. The parser is
 * stateless and thread-safe; {@code lookup} is called from the calling thread only and returns
 * {@code null} for a variable that is not set.
 */
public final class DotEnvParser {
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** How deep {@code ${A:-${B:-...}}} may nest: real files use two or three levels. */
    static final int MAX_NESTING = 16;
    /** The most characters one value may expand to (a large PEM bundle fits; a "billion laughs" does not). */
    static final int MAX_VALUE_CHARS = 1 << 20;
    /** The most characters interpolation may produce in one file, all values together. */
    static final int MAX_EXPANDED_CHARS = 8 << 20;

    private DotEnvParser() {
    }

    /**
     * Parses {@code content}.
     *
     * @param content  the file's text
     * @param fileName the name errors and entries are reported under
     * @param lookup   resolves variables ({@code null} when unset), e.g. {@code System::getenv}
     * @throws DotEnvSyntaxException when the content is not valid in the dialect
     */
    public static DotEnvFile parse(String content, String fileName, Function<String, String> lookup) {
        DotEnvFile file = parseUntilError(content, fileName, lookup);
        if (file.error().isPresent()) {
            throw file.error().get();
        }
        return file;
    }

    /**
     * Parses {@code content} up to its first error, as docker compose does: the result holds every
     * assignment before the error and {@link DotEnvFile#error()} the error. Never throws for bad content.
     */
    public static DotEnvFile parseUntilError(String content, String fileName, Function<String, String> lookup) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(lookup, "lookup");
        return new Run(normalize(content), fileName, lookup).parse();
    }

    /**
     * Reads {@code file} as UTF-8 and parses it up to its first error (see
     * {@link #parseUntilError(String, String, Function)}).
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static DotEnvFile parseUntilError(Path file, Function<String, String> lookup) {
        Objects.requireNonNull(file, "file");
        return parseUntilError(read(file), file.toString(), lookup);
    }

    /**
     * Reads {@code file} as UTF-8 and parses it; errors name the file by its path.
     *
     * @throws DotEnvSyntaxException when the content is not valid in the dialect
     * @throws UncheckedIOException  when the file cannot be read
     */
    public static DotEnvFile parse(Path file, Function<String, String> lookup) {
        Objects.requireNonNull(file, "file");
        return parse(read(file), file.toString(), lookup);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String normalize(String content) {
        String text = !content.isEmpty() && content.charAt(0) == BYTE_ORDER_MARK ? content.substring(1) : content;
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n");
    }

    /** Horizontal whitespace as compose-go counts it (a lone CR included, LF excluded). */
    static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u00A0';
    }

    private static boolean isSpace(char c) {
        return isHorizontalSpace(c) || Character.isWhitespace(c);
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** The state of one parse; confined to the calling thread. */
    private static final class Run {
        private final String src;
        private final int length;
        private final String fileName;
        private final Function<String, String> lookup;
        private final ChunkedList<DotEnvEntry> entries = new ChunkedList<>();
        private final Map<String, String> assigned = new HashMap<>();
        /** Each assigned key mapped to its first string instance. */
        private final Map<String, String> keys = new HashMap<>();
        private int pos;
        private int line = 1;
        private long expanded;

        Run(String src, String fileName, Function<String, String> lookup) {
            this.src = src;
            this.length = src.length();
            this.fileName = fileName;
            this.lookup = lookup;
        }

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
            return interpolate(raw.replace("\\$", "$$"), key, keyLine, 0);
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
                    return quote == '"' ? interpolate(expandEscapes(raw), key, keyLine, 0) : raw;
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

        /** Expands double-quote escapes; {@code \$} becomes {@code $$} so that interpolation keeps it literal. */
        private static String expandEscapes(String raw) {
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

        private String interpolate(String text, String key, int keyLine, int depth) {
            if (text.indexOf('$') < 0) {
                return text;
            }
            if (depth > MAX_NESTING) {
                throw syntax(keyLine, "variable references in the value of " + key + " are nested deeper than "
                        + MAX_NESTING + " levels");
            }
            StringBuilder out = new StringBuilder(text.length());
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c != '$' || i + 1 >= text.length()) {
                    out.append(c);
                    i++;
                    continue;
                }
                char next = text.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                } else if (next == '{') {
                    i = braced(text, i, out, key, keyLine, depth);
                } else if (isNameStart(next)) {
                    int end = i + 2;
                    while (end < text.length() && isNamePart(text.charAt(end))) {
                        end++;
                    }
                    String value = resolve(text.substring(i + 1, end));
                    if (value != null) {
                        append(out, value, key, keyLine);
                    }
                    i = end;
                } else {
                    out.append('$'); // $(cmd), $1, "$ ": literal, never executed
                    i++;
                }
            }
            if (depth == 0) {
                expanded += out.length();
                if (expanded > MAX_EXPANDED_CHARS) {
                    throw syntax(keyLine, "the file's references expand to more than " + MAX_EXPANDED_CHARS
                            + " characters by the value of " + key + " (references repeated too often)");
                }
            }
            return out.toString();
        }

        /** Appends an expansion, refusing a value that grows past {@link #MAX_VALUE_CHARS}. */
        private void append(StringBuilder out, String value, String key, int keyLine) {
            if ((long) out.length() + value.length() > MAX_VALUE_CHARS) {
                throw syntax(keyLine, "the value of " + key + " expands to more than " + MAX_VALUE_CHARS
                        + " characters (references repeated or nested too often)");
            }
            out.append(value);
        }

        /** Appends the expansion of the {@code ${...}} starting at {@code start}; returns the index after it. */
        private int braced(String text, int start, StringBuilder out, String key, int keyLine, int depth) {
            int end = closingBrace(text, start);
            if (end < 0) {
                throw syntax(keyLine, "unterminated ${ in the value of " + key
                        + " (write $$ or \\$ for a literal dollar)");
            }
            int nameStart = start + 2;
            int nameEnd = nameStart;
            if (nameEnd < end && isNameStart(text.charAt(nameEnd))) {
                nameEnd++;
                while (nameEnd < end && isNamePart(text.charAt(nameEnd))) {
                    nameEnd++;
                }
            }
            if (nameEnd == nameStart) {
                throw invalidReference(key, keyLine);
            }
            String name = text.substring(nameStart, nameEnd);
            String value = resolve(name);
            if (nameEnd == end) {
                if (value != null) {
                    append(out, value, key, keyLine);
                }
                return end + 1;
            }
            boolean colon = text.charAt(nameEnd) == ':';
            int operator = colon ? nameEnd + 1 : nameEnd;
            if (operator >= end) {
                throw invalidReference(key, keyLine);
            }
            boolean set = value != null && (!colon || !value.isEmpty());
            String argument = text.substring(operator + 1, end);
            switch (text.charAt(operator)) {
                case '-' -> append(out, set ? value : interpolate(argument, key, keyLine, depth + 1), key, keyLine);
                case '+' -> append(out, set ? interpolate(argument, key, keyLine, depth + 1) : "", key, keyLine);
                case '?' -> {
                    if (!set) {
                        // The error text is shown as written, never interpolated: it must not carry a value.
                        throw new DotEnvSyntaxException(DotEnvSyntaxException.REQUIRED_VARIABLE, fileName, keyLine,
                                "required variable " + name + " is missing a value"
                                        + (argument.isEmpty() ? "" : ": " + argument));
                    }
                    append(out, value, key, keyLine);
                }
                default -> throw invalidReference(key, keyLine);
            }
            return end + 1;
        }

        /** The index of the brace closing the {@code ${} at {@code start}, counting nested {@code ${}, or -1. */
        private static int closingBrace(String text, int start) {
            int depth = 0;
            int i = start;
            while (i < text.length()) {
                if (text.startsWith("${", i)) {
                    depth++;
                    i += 2;
                } else if (text.charAt(i) == '}') {
                    if (--depth == 0) {
                        return i;
                    }
                    i++;
                } else {
                    i++;
                }
            }
            return -1;
        }

        /** The environment (lookup) outranks earlier assignments in the file, as in compose-go. */
        private String resolve(String name) {
            String value = lookup.apply(name);
            return value != null ? value : assigned.get(name);
        }

        private DotEnvSyntaxException invalidReference(String key, int keyLine) {
            return syntax(keyLine, "invalid variable reference in the value of " + key
                    + " (expected ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error},"
                    + " ${NAME:+alt} or ${NAME+alt}; write $$ or \\$ for a literal dollar)");
        }

        private DotEnvSyntaxException syntax(int atLine, String detail) {
            return new DotEnvSyntaxException(DotEnvSyntaxException.SYNTAX, fileName, atLine, detail);
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
}
