package dev.tether.testkit.toxiproxy.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryJsonTypeKeepingKeyOrder() throws Exception {
        Object value = Json.parse(" {\"b\": [1, -2.5, true, false, null], \"a\": \"x\\\"\\u00e9\\n\", \"c\": {}} trailing");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a", "c");
        assertThat((List<Object>) map.get("b")).containsExactly(new BigDecimal("1"), new BigDecimal("-2.5"), true, false, null);
        assertThat(map.get("a")).isEqualTo("x\"é\n");
    }

    @Test
    void writesCompactJsonEscapingLikeGo() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "<a&b>\"\\\t");
        map.put("n", 42L);
        map.put("f", 0.25f);
        map.put("one", 1.0f);
        map.put("l", Arrays.asList(true, null));

        assertThat(Json.write(map))
                .isEqualTo("{\"s\":\"\\u003ca\\u0026b\\u003e\\\"\\\\\\t\",\"n\":42,\"f\":0.25,\"one\":1,\"l\":[true,null]}");
    }

    @Test
    void reportsBrokenTextLikeGosDecoder() {
        assertThatThrownBy(() -> Json.parse("")).hasMessage("EOF");
        assertThatThrownBy(() -> Json.parse("{\"a\":")).hasMessage("unexpected EOF");
        assertThatThrownBy(() -> Json.parse("x")).hasMessage("invalid character 'x' looking for beginning of value");
        // each checked against toxiproxy-server 2.12+ built from source
        assertThatThrownBy(() -> Json.parse("{\"a\" \"b\"}")).hasMessage("invalid character '\"' after object key");
        assertThatThrownBy(() -> Json.parse("{\"a\":1 \"b\":2}"))
                .hasMessage("invalid character '\"' after object key:value pair");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessage("invalid character '2' after array element");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}"))
                .hasMessage("invalid character '}' looking for beginning of object key string");
        assertThatThrownBy(() -> Json.parse("{\"a\":\"x\\q\"}")).hasMessage("invalid character 'q' in string escape code");
        assertThatThrownBy(() -> Json.parse("{\"name\":\"a\",")).hasMessage("unexpected EOF");
    }
}
