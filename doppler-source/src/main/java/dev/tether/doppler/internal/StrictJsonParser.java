package dev.tether.doppler.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser for the few small documents the Doppler API returns.
 *
 * <p>Objects become {@link LinkedHashMap}s (duplicate names rejected), arrays {@link List}s, strings
 * {@link String}s, numbers {@link Double}s, literals {@link Boolean} or {@link #NULL}. Anything else
 * (trailing text, control characters in strings, bad escapes, a truncated document, nesting deeper
 * than {@value #MAX_DEPTH}) is a {@link MalformedJsonException} whose message names the offset and the
 * expectation, never the content (the content is secrets). Stateless entry point; each call is
 * independent and thread-safe.
 */
public final class StrictJsonParser {
    /** The JSON {@code null} literal (maps cannot hold {@code null} values we want to distinguish). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private StrictJsonParser(String text) {
        this.text = text;
    }

    /** Parses one complete JSON document. */
    public static Object parse(String text) throws MalformedJsonException {
        StrictJsonParser parser = new StrictJsonParser(text);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("end of document");
        }
        return value;
    }

    /** Parses a document that must be an object whose values are all strings (Doppler's {@code format=json}). */
    public static Map<String, String> parseFlatStringObject(String text) throws MalformedJsonException {
        if (!(parse(text) instanceof Map<?, ?> object)) {
            throw new MalformedJsonException("expected a JSON object at the top level");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (!(entry.getValue() instanceof String value)) {
                throw new MalformedJsonException("expected a string value for every name, not for the name at position " + out.size());
            }
            out.put((String) entry.getKey(), value);
        }
        return Collections.unmodifiableMap(out);
    }

    private Object value(int depth) throws MalformedJsonException {
        if (depth > MAX_DEPTH) {
            throw error("nesting of at most " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws MalformedJsonException {
        pos++; // {
        Map<String, Object> out = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("a quoted name");
            }
            int nameAt = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth + 1);
            if (out.putIfAbsent(name, value) != null) {
                pos = nameAt;
                throw error("unique names (duplicate name)");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws MalformedJsonException {
        pos++; // [
        List<Object> out = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            out.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("',' or ']'");
            }
        }
    }

    private String string() throws MalformedJsonException {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a closing quote");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("no control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("an escape character");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    pos--;
                    throw error("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
            }
        }
    }

    private char unicodeEscape() throws MalformedJsonException {
        if (pos + 4 > text.length()) {
            throw error("four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw error("four hex digits");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    private Double number() throws MalformedJsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("a digit in the exponent");
            }
            digits();
        }
        return Double.valueOf(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws MalformedJsonException {
        if (!text.startsWith(word, pos)) {
            throw error("'" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws MalformedJsonException {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    /** The current character, or NUL at the end (NUL never matches anything valid here). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private MalformedJsonException error(String expected) {
        String where = pos >= text.length() ? "end of input (offset " + pos + ", truncated?)" : "offset " + pos;
        return new MalformedJsonException("expected " + expected + " at " + where);
    }

    /** A document that is not valid JSON of the expected shape; the message never quotes the document. */
    public static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedJsonException(String message) {
            super(message);
        }
    }
}
