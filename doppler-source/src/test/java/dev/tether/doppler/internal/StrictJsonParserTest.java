package dev.tether.doppler.internal;

import dev.tether.doppler.internal.StrictJsonParser.MalformedJsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonParserTest {
    @Test
    void flatObjectOfStringsKeepsEveryCharacterOfTheValues() throws Exception {
        String json = " {\"REDIS_URL\" : \"rediss://u:p%40ss#x@h:6379\",\n\"MULTI\":\"a\\nb\\t\\\"q\\\" \\\\ \\/ \\u00e9\\ud83d\\ude00\",\"EMPTY\":\"\"} ";

        Map<String, String> values = StrictJsonParser.parseFlatStringObject(json);

        assertThat(values).containsExactly(
                Map.entry("REDIS_URL", "rediss://u:p%40ss#x@h:6379"),
                Map.entry("MULTI", "a\nb\t\"q\" \\ / é😀"),
                Map.entry("EMPTY", ""));
    }

    @Test
    void dopplerErrorShapeParsesToMessagesAndSuccess() throws Exception {
        Object parsed = StrictJsonParser.parse("{\"messages\":[\"Invalid Auth token\"],\"success\":false,\"n\":-1.5e3,\"z\":null}");

        assertThat(parsed).isEqualTo(Map.of("messages", List.of("Invalid Auth token"), "success", false, "n", -1500.0,
                "z", StrictJsonParser.NULL));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "{", "{\"A\":\"x\"", "{\"A\":\"x", "{\"A\":", "{\"A\"", "{\"A\":\"x\",}", "{\"A\":\"x\"}}",
            "{\"A\":\"x\"} trailing", "{'A':'x'}", "{A:\"x\"}", "{\"A\":\"x\" \"B\":\"y\"}", "{\"A\":\"\\x\"}",
            "{\"A\":\"\\u12\"}", "{\"A\":\"tab\there\"}", "{\"A\":01}", "{\"A\":1.}", "{\"A\":-}", "{\"A\":tru}",
            "{\"A\":\"x\",\"A\":\"y\"}", "[1,2", "[1,]", "<html>", "null x"
    })
    void malformedOrTruncatedDocumentsAreRejected(String json) {
        assertThatThrownBy(() -> StrictJsonParser.parse(json)).isInstanceOf(MalformedJsonException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"a\"]", "\"a\"", "{\"A\":1}", "{\"A\":null}", "{\"A\":[\"x\"]}", "{\"A\":{\"B\":\"c\"}}"})
    void validJsonOfTheWrongShapeIsNotASecretsObject(String json) {
        assertThatThrownBy(() -> StrictJsonParser.parseFlatStringObject(json)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void deepNestingIsRejectedWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000);

        assertThatThrownBy(() -> StrictJsonParser.parse(deep)).isInstanceOf(MalformedJsonException.class).hasMessageContaining("nesting");
    }

    @Test
    void errorsNameTheOffsetNeverTheContent() {
        assertThatThrownBy(() -> StrictJsonParser.parseFlatStringObject("{\"PASSWORD\":\"canary-s3cret\" oops}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("offset 28")
                .hasMessageNotContaining("canary")
                .hasMessageNotContaining("oops");
    }
}
