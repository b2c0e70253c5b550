package dev.tether.config.internal.dotenv;

import static dev.tether.config.internal.dotenv.DotEnvChars.isNamePart;
import static dev.tether.config.internal.dotenv.DotEnvChars.isNameStart;

import java.util.Map;
import java.util.function.Function;

/**
 * Expands the variable references of one file's unquoted and double-quoted values: {@code $VAR},
 * {@code ${VAR}} and the {@code :- - :? ? :+ +} forms, nested up to {@value #MAX_NESTING} levels. A
 * name is looked up with {@code lookup} first, then among the keys assigned earlier in the file (as
 * compose-go does: the process environment outranks the file). Counts what it produces across the
 * whole file, so one instance serves one parse; confined to the parsing thread.
 */
final class Interpolator {
    /** How deep {@code ${A:-${B:-...}}} may nest: real files use two or three levels. */
    static final int MAX_NESTING = 16;
    /** The most characters one value may expand to (a large PEM bundle fits; a "billion laughs" does not). */
    static final int MAX_VALUE_CHARS = 1 << 20;
    /** The most characters interpolation may produce in one file, all values together. */
    static final int MAX_EXPANDED_CHARS = 8 << 20;

    private final String fileName;
    private final Function<String, String> lookup;
    private final Map<String, String> assigned;
    private long expanded;

    /**
     * @param fileName the name errors are reported under
     * @param lookup   resolves variables ({@code null} when unset)
     * @param assigned the file's assignments so far, read live as the parse records more
     */
    Interpolator(String fileName, Function<String, String> lookup, Map<String, String> assigned) {
        this.fileName = fileName;
        this.lookup = lookup;
        this.assigned = assigned;
    }

    /**
     * Expands the references in {@code text}, the value of {@code key} assigned on {@code keyLine};
     * {@code $$} is a literal dollar.
     *
     * @throws DotEnvSyntaxException on a malformed or too deeply nested reference, a required
     *     variable without a value, or an expansion past the limits
     */
    String interpolate(String text, String key, int keyLine) {
        return interpolate(text, key, keyLine, 0);
    }

    private String interpolate(String text, String key, int keyLine, int depth) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        if (depth > MAX_NESTING) {
            throw DotEnvSyntaxException.syntax(fileName, keyLine, "variable references in the value of " + key + " are nested deeper than "
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
                throw DotEnvSyntaxException.syntax(fileName, keyLine, "the file's references expand to more than " + MAX_EXPANDED_CHARS
                        + " characters by the value of " + key + " (references repeated too often)");
            }
        }
        return out.toString();
    }

    /** Appends an expansion, refusing a value that grows past {@link #MAX_VALUE_CHARS}. */
    private void append(StringBuilder out, String value, String key, int keyLine) {
        if ((long) out.length() + value.length() > MAX_VALUE_CHARS) {
            throw DotEnvSyntaxException.syntax(fileName, keyLine, "the value of " + key + " expands to more than " + MAX_VALUE_CHARS
                    + " characters (references repeated or nested too often)");
        }
        out.append(value);
    }

    /** Appends the expansion of the {@code ${...}} starting at {@code start}; returns the index after it. */
    private int braced(String text, int start, StringBuilder out, String key, int keyLine, int depth) {
        int end = closingBrace(text, start);
        if (end < 0) {
            throw DotEnvSyntaxException.syntax(fileName, keyLine, "unterminated ${ in the value of " + key
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
        return DotEnvSyntaxException.syntax(fileName, keyLine, "invalid variable reference in the value of " + key
                + " (expected ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error},"
                + " ${NAME:+alt} or ${NAME+alt}; write $$ or \\$ for a literal dollar)");
    }
}
