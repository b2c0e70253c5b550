package dev.tether.testkit.toxiproxy.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's JSON, read and written with Gson so that the answers are byte for byte those of the real
 * server (Go's {@code encoding/json}).
 *
 * <p>Reading is strict, and like Go's decoder reads only the first value of the text (trailing text is
 * ignored). It yields {@link LinkedHashMap} for objects (key order kept, the last of duplicate keys wins),
 * {@link List} for arrays, {@link String}, {@link BigDecimal} for numbers, {@link Boolean}, and Java
 * {@code null} for JSON null. Syntax errors read like Go's ({@code EOF}, {@code unexpected EOF},
 * {@code invalid character 'x' looking for beginning of value}), as clients print them.
 *
 * <p>Writing accepts the same types (any {@link Number}, any {@link Map} in iteration order): compact,
 * {@code float32} values in Go's shortest form ({@code 1}, not {@code 1.0}), and only {@code <}, {@code >},
 * {@code &}, U+2028 and U+2029 escaped as {@code \u003c}..., as Go does (Gson's HTML-safe mode would also
 * escape {@code =} and {@code '}). Stateless and thread-safe.
 */
public final class Json {
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

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
        if (text.isBlank()) {
            throw new SyntaxException("EOF");
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            return toJava(JsonParser.parseReader(reader));
        } catch (JsonParseException e) {
            throw goStyle(e.getCause() != null ? e.getCause() : e, text);
        }
    }

    /** Writes {@code value} as compact JSON. */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = new JsonWriter(out)) {
            writer.setHtmlSafe(false);
            write(value, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return goEscapes(out.toString());
    }

    /** Formats a float the way Go prints a {@code float32}: shortest form, no trailing {@code .0}. */
    static String formatFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        BigDecimal decimal = new BigDecimal(Float.toString(value)).stripTrailingZeros();
        return decimal.signum() == 0 ? "0" : decimal.toPlainString();
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

    private static Object toJava(JsonElement element) {
        if (element.isJsonNull()) {
            return null;
        }
        if (element.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> entry : ((JsonObject) element).entrySet()) {
                map.put(entry.getKey(), toJava(entry.getValue()));
            }
            return map;
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonElement item : (JsonArray) element) {
                list.add(toJava(item));
            }
            return list;
        }
        JsonPrimitive primitive = (JsonPrimitive) element;
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        return primitive.isNumber() ? primitive.getAsBigDecimal() : primitive.getAsString();
    }

    private static void write(Object value, JsonWriter writer) throws IOException {
        if (value == null) {
            writer.nullValue();
        } else if (value instanceof String) {
            writer.value((String) value);
        } else if (value instanceof Boolean) {
            writer.value((boolean) (Boolean) value);
        } else if (value instanceof BigDecimal) {
            writer.jsonValue(((BigDecimal) value).toPlainString());
        } else if (value instanceof Float || value instanceof Double) {
            writer.jsonValue(formatFloat(((Number) value).floatValue()));
        } else if (value instanceof Number) {
            writer.value(((Number) value).longValue());
        } else if (value instanceof Map) {
            writer.beginObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                writer.name(String.valueOf(entry.getKey()));
                write(entry.getValue(), writer);
            }
            writer.endObject();
        } else if (value instanceof List) {
            writer.beginArray();
            for (Object item : (List<?>) value) {
                write(item, writer);
            }
            writer.endArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * Go escapes {@code <}, {@code >} and {@code &} in every string; in JSON text they can only stand inside
     * strings, so replacing them in the written text is exact.
     */
    private static String goEscapes(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '<' || c == '>' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static SyntaxException goStyle(Throwable failure, String text) {
        if (failure instanceof EOFException) {
            return new SyntaxException("unexpected EOF");
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof MalformedJsonException && message.startsWith("Nesting limit")) {
            return new SyntaxException("exceeded max depth");
        }
        Matcher position = POSITION.matcher(message);
        if (position.find()) {
            int offset = offset(text, Integer.parseInt(position.group(1)), Integer.parseInt(position.group(2)));
            if (offset >= text.length()) {
                return new SyntaxException("unexpected EOF");
            }
            return new SyntaxException("invalid character '" + text.charAt(offset) + "' " + goContext(message));
        }
        return new SyntaxException("invalid JSON: " + message);
    }

    /** Where Go's scanner was when it met the character, from Gson's wording of the same failure. */
    private static String goContext(String gsonMessage) {
        if (gsonMessage.startsWith("Expected ':'")) {
            return "after object key";
        } else if (gsonMessage.startsWith("Expected name")) {
            return "looking for beginning of object key string";
        } else if (gsonMessage.startsWith("Unterminated object")) {
            return "after object key:value pair";
        } else if (gsonMessage.startsWith("Unterminated array")) {
            return "after array element";
        } else if (gsonMessage.startsWith("Invalid escape sequence")) {
            return "in string escape code";
        }
        return "looking for beginning of value";
    }

    /** The offset of Gson's 1-based line and column; Gson reports the column after the offending character. */
    private static int offset(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset < text.length(); offset++) {
            if (text.charAt(offset) == '\n') {
                l++;
            }
        }
        return Math.max(0, offset + column - 2);
    }
}
