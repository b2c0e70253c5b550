package dev.tether.testkit.toxiproxy.internal;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One toxic as the API sees it: name, type, stream, toxicity and integer attributes. Immutable; an
 * update yields a new spec. Parsing follows the real server's order of checks, so the same bad request
 * gets the same error.
 */
final class ToxicSpec {
    final String name;
    final ToxicType type;
    /** The stream exactly as the client sent it; the real server echoes it back unchanged. */
    final String stream;
    final Direction direction;
    final float toxicity;
    private final Map<String, Long> attributes;

    private ToxicSpec(String name, ToxicType type, String stream, Direction direction, float toxicity,
                      Map<String, Long> attributes) {
        this.name = name;
        this.type = type;
        this.stream = stream;
        this.direction = direction;
        this.toxicity = toxicity;
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    /** Parses a create request; {@code exists} says whether a toxic name is taken on the proxy. */
    static ToxicSpec create(Object body, Predicate<String> exists) throws ApiError {
        Map<String, Object> fields = object(body, "toxics.ToxicWrapper");
        String name = string(fields, "name", "");
        String typeName = string(fields, "type", "");
        String stream = string(fields, "stream", "downstream");
        float toxicity = number(fields, "toxicity", 1.0f, "ToxicWrapper.");
        Object rawAttributes = fields.get("attributes");
        if (rawAttributes != null && !(rawAttributes instanceof Map)) {
            // Go decodes the wrapper first, its attributes into a NoopToxic, before it knows the type
            throw unmarshal(rawAttributes, "ToxicWrapper.attributes", "toxics.NoopToxic");
        }
        Direction direction = Direction.parse(stream);
        if (name.isEmpty()) {
            name = typeName + "_" + stream;
        }
        ToxicType type = ToxicType.byWireName(typeName);
        if (type == null) {
            throw ApiError.INVALID_TOXIC_TYPE;
        }
        if (exists.test(name)) {
            throw ApiError.TOXIC_ALREADY_EXISTS;
        }
        Map<String, Long> attributes = new LinkedHashMap<>();
        for (String attribute : type.attributes) {
            attributes.put(attribute, 0L);
        }
        mergeAttributes(attributes, rawAttributes, type, "ToxicWrapper.");
        return new ToxicSpec(name, type, stream, direction, toxicity, attributes);
    }

    /** Applies a partial update: attributes merged key by key, toxicity if sent; the rest is ignored. */
    ToxicSpec update(Object body) throws ApiError {
        Map<String, Object> fields = object(body, "struct { Attributes interface {}; Toxicity float32 }");
        Map<String, Long> merged = new LinkedHashMap<>(attributes);
        // The update decodes into an anonymous struct; Go (1.2x) names a field by its path from the top-level
        // struct, prefixed with that struct's name when it has one: here "attributes", "toxicity".
        mergeAttributes(merged, fields.get("attributes"), type, "");
        float newToxicity = number(fields, "toxicity", toxicity, "");
        return new ToxicSpec(name, type, stream, direction, newToxicity, merged);
    }

    long attribute(String attribute) {
        Long value = attributes.get(attribute);
        return value == null ? 0L : value;
    }

    /** The JSON shape of the real server: attributes first, every attribute present. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attributes", new LinkedHashMap<>(attributes));
        json.put("name", name);
        json.put("type", type.wireName);
        json.put("stream", stream);
        json.put("toxicity", toxicity);
        return json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object body, String goType) throws ApiError {
        if (!(body instanceof Map)) {
            throw ApiError.badRequestBody("json: cannot unmarshal " + Json.typeName(body) + " into Go value of type "
                    + goType);
        }
        return (Map<String, Object>) body;
    }

    private static String string(Map<String, Object> fields, String key, String fallback) throws ApiError {
        Object value = fields.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String)) {
            throw unmarshal(value, "ToxicWrapper." + key, "string");
        }
        return (String) value;
    }

    private static float number(Map<String, Object> fields, String key, float fallback, String fieldPrefix)
            throws ApiError {
        Object value = fields.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof BigDecimal)) {
            throw unmarshal(value, fieldPrefix + key, "float32");
        }
        float result = ((BigDecimal) value).floatValue();
        if (Float.isInfinite(result)) {
            throw unmarshal(value, fieldPrefix + key, "float32");
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void mergeAttributes(Map<String, Long> target, Object attributes, ToxicType type,
                                        String fieldPrefix) throws ApiError {
        if (attributes == null) {
            return;
        }
        if (!(attributes instanceof Map)) {
            throw unmarshal(attributes, fieldPrefix + "attributes", "toxics." + type.goStruct);
        }
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) attributes).entrySet()) {
            if (!target.containsKey(entry.getKey()) || entry.getValue() == null) {
                continue; // unknown attributes are ignored, null leaves the value as it was
            }
            Object value = entry.getValue();
            if (!(value instanceof BigDecimal) || ((BigDecimal) value).scale() > 0
                    || ((BigDecimal) value).scale() < 0) {
                throw unmarshal(value, "attributes." + entry.getKey(), "int64");
            }
            try {
                target.put(entry.getKey(), ((BigDecimal) value).longValueExact());
            } catch (ArithmeticException e) {
                throw unmarshal(value, "attributes." + entry.getKey(), "int64");
            }
        }
    }

    private static ApiError unmarshal(Object value, String field, String goType) {
        String what = value instanceof BigDecimal ? "number " + ((BigDecimal) value).toString() : Json.typeName(value);
        return ApiError.badRequestBody("json: cannot unmarshal " + what + " into Go struct field " + field
                + " of type " + goType);
    }
}
