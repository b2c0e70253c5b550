package dev.tether.cli.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Collection;
import java.util.Map;

/**
 * Writes the CLI's {@code --json} outputs with Gson from plain Java values: {@code Map} (insertion order
 * kept), {@code Collection}, {@code Boolean}, {@code Number} (non-finite as {@code null}), {@code null};
 * anything else as its {@code toString()}. Converting to Gson's tree first (rather than Gson's
 * reflection) keeps the output exactly the values the commands chose. Thread-safe.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /** The JSON text of {@code value}, on one line. */
    public static String write(Object value) {
        return GSON.toJson(tree(value));
    }

    private static JsonElement tree(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((key, item) -> object.add(String.valueOf(key), tree(item)));
            return object;
        }
        if (value instanceof Collection<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(tree(item)));
            return array;
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Number n) {
            return Double.isFinite(n.doubleValue()) ? new JsonPrimitive(n) : JsonNull.INSTANCE;
        }
        return new JsonPrimitive(value.toString());
    }
}
