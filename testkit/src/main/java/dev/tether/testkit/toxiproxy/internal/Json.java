package dev.tether.testkit.toxiproxy.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer, enough for the Toxiproxy API (testkit stays free of JSON libraries).
 *
 * <p>Reading yields {@link LinkedHashMap} for objects (key order kept), {@link List} for arrays,
 * {@link String}, {@link BigDecimal} for numbers, {@link Boolean}, and Java {@code null} for JSON null.
 * Like Go's decoder, only the first value of the text is read and trailing text is ignored.
 * Writing accepts the same types (any {@link Number}, any {@link Map} in iteration order) and escapes
 * {@code <}, {@code >} and {@code &} the way Go's {@code encoding/json} does, so answers match the real
 * server byte for byte. Stateless and thread-safe.
 */
public final class Json {

    private Json() {
    }

    /** Thrown for text that is not JSON; the message reads like Go's decoder errors. */
    public static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** Parses the first JSON value of {@code text}; empty text is an error reading {@code EOF}. */
    public static Object parse(String text) throws SyntaxException {
        Reader reader = new Reader(text);
        reader.skipWhitespace();
        if (reader.pos >= text.length()) {
            throw new SyntaxException("EOF");
        }
        return reader.value(0);
    }

    /** Writes {@code value} as compact JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof Float || value instanceof Double) {
            out.append(formatFloat(((Number) value).floatValue()));
        } else if (value instanceof Number) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /** Formats a float the way Go prints a {@code float32}: shortest form, no trailing {@code .0}. */
    static String formatFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        BigDecimal decimal = new BigDecimal(Float.toString(value)).stripTrailingZeros();
        return decimal.signum() == 0 ? "0" : decimal.toPlainString();
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Go's name for a decoded value's JSON type, used in "cannot unmarshal X into ..." messages. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof BigDecimal) {
            return "number";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof Map) {
            return "object";
        }
        return "array";
    }

    private static final class Reader {
        private static final int MAX_DEPTH = 512;
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Object value(int depth) throws SyntaxException {
            if (depth > MAX_DEPTH) {
                throw new SyntaxException("exceeded max depth");
            }
            skipWhitespace();
            if (pos >= text.length()) {
                throw new SyntaxException("unexpected EOF");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': return object(depth);
                case '[': return array(depth);
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw invalid(c, "looking for beginning of value");
            }
        }

        private Map<String, Object> object(int depth) throws SyntaxException {
            Map<String, Object> result = new LinkedHashMap<>();
            pos++;
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return result;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw invalid(peek(), "looking for beginning of object key string");
                }
                String key = string();
                skipWhitespace();
                if (peek() != ':') {
                    throw invalid(peek(), "after object key");
                }
                pos++;
                result.put(key, value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return result;
                }
                if (c != ',') {
                    pos--;
                    throw invalid(c, "after object key:value pair");
                }
            }
        }

        private List<Object> array(int depth) throws SyntaxException {
            List<Object> result = new ArrayList<>();
            pos++;
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return result;
            }
            while (true) {
                result.add(value(depth + 1));
                skipWhitespace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return result;
                }
                if (c != ',') {
                    pos--;
                    throw invalid(c, "after array element");
                }
            }
        }

        private String string() throws SyntaxException {
            StringBuilder out = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw invalid(c, "in string literal");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw new SyntaxException("unexpected EOF");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw new SyntaxException("unexpected EOF");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new SyntaxException("invalid character in \\u hexadecimal character escape");
                        }
                        pos += 4;
                        break;
                    default:
                        throw invalid(e, "in string escape code");
                }
            }
        }

        private BigDecimal number() throws SyntaxException {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String literal = text.substring(start, pos);
            try {
                return new BigDecimal(literal);
            } catch (NumberFormatException e) {
                throw new SyntaxException("invalid number literal " + literal);
            }
        }

        private Object literal(String word, Object value) throws SyntaxException {
            if (!text.startsWith(word, pos)) {
                throw invalid(text.charAt(pos), "looking for beginning of value");
            }
            pos += word.length();
            return value;
        }

        private char peek() throws SyntaxException {
            if (pos >= text.length()) {
                throw new SyntaxException("unexpected EOF");
            }
            return text.charAt(pos);
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private static SyntaxException invalid(char c, String context) {
            return new SyntaxException("invalid character '" + c + "' " + context);
        }
    }
}
