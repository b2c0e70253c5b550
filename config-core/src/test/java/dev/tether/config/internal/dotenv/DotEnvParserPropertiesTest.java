package dev.tether.config.internal.dotenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the parser over generated input: typed errors only, and never a value in a message. */
class DotEnvParserPropertiesTest {
    /** Every generated value contains it; '%' can appear in no key, variable name or description. */
    private static final String VALUE_MARKER = "%SECRET%";
    /** Values the lookup returns. */
    private static final Function<String, String> LOOKUP = Map.of("A", "%LOOKUP%", "B", "", "K", "%LOOKUP%")::get;

    private static final List<String> SYNTAX_TOKENS = List.of(
            "A", "B", "K", "REDIS_URL", "export ", "export", "=", ":", " ", "\t", "\n", "\r\n", "\r", "'", "\"",
            "\\", "\\'", "\\\"", "\\$", "\\n", "\\0123", "\\0", "$", "$$", "${", "}", "${A}", "$A", "${A:-", "${A-",
            "${A:?", "${B?", "${A:+", "${K+", ":-", "-", "+", "?", ":?", "#", " #", "# c\n", "\uFEFF", "\u00e9",
            "\u00a0", "\u0085", "0", "9", "[", "]", ".", "_", "$(id)", "`id`", "%", "\u0000", "\ud83d\ude00", "\ud83d");

    /** Tokens for value fragments: no '?', so no ${VAR:?error} text (which messages do show) can form. */
    private static final List<String> VALUE_TOKENS = SYNTAX_TOKENS.stream().filter(token -> !token.contains("?")).toList();

    @Property(tries = 10000)
    void arbitraryInputOnlyEverFailsWithATypedSyntaxError(@ForAll("envText") String content) {
        try {
            DotEnvFile file = DotEnvParser.parse(content, ".env", LOOKUP);
            assertThat(file.entries()).allSatisfy(entry -> assertThat(entry.line()).isPositive());
        } catch (DotEnvSyntaxException error) {
            assertThat(error.code()).isIn(DotEnvSyntaxException.SYNTAX, DotEnvSyntaxException.REQUIRED_VARIABLE);
            assertThat(error.line()).isBetween(1, (int) content.chars().filter(c -> c == '\n').count() + 1);
            assertThat(error.getMessage()).startsWith(".env:" + error.line() + ": ");
        }
    }

    @Property(tries = 10000)
    void errorMessagesNeverContainAValue(@ForAll("documentsWithMarkedValues") String content) {
        try {
            DotEnvParser.parse(content, ".env", LOOKUP);
        } catch (DotEnvSyntaxException error) {
            assertThat(error.getMessage()).doesNotContain("%");
        }
    }

    @Property(tries = 10000)
    void anyValueRoundTripsThroughEscapedDoubleQuotes(@ForAll String value) {
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("\n", "\\n").replace("\r", "\\r");

        DotEnvFile file = DotEnvParser.parse("export SECRET_VALUE = \"" + escaped + "\" # generated\n", ".env", LOOKUP);

        assertThat(file.value("SECRET_VALUE")).contains(value);
    }

    @Provide
    Arbitrary<String> envText() {
        return Arbitraries.oneOf(
                Arbitraries.of(SYNTAX_TOKENS).list().ofMaxSize(60).map(tokens -> String.join("", tokens)),
                Arbitraries.strings().withChars("=:'\"\\$#{}-+?\n\r\t AKaz09_.%").ofMaxLength(80),
                Arbitraries.strings().ofMaxLength(120));
    }

    @Provide
    Arbitrary<String> documentsWithMarkedValues() {
        Arbitrary<String> fragment = Arbitraries.of(VALUE_TOKENS).list().ofMaxSize(8).map(tokens -> String.join("", tokens));
        Arbitrary<String> key = Arbitraries.of("A", "REDIS_URL", "export K", " K ", "K.1", "", "PASS WORD", "A\"", "\n", "#");
        Arbitrary<String> separator = Arbitraries.of("=", ":", " = ", "", "==", "\n");
        Arbitrary<String> opening = Arbitraries.of("", "'", "\"", "\"${A:-", "${", "${A+", "\\\"", " ");
        Arbitrary<String> line = Combinators.combine(key, separator, opening, fragment, fragment)
                .as((k, sep, open, before, after) -> k + sep + open + before + VALUE_MARKER + after);
        return line.list().ofMinSize(1).ofMaxSize(8).map(lines -> String.join("\n", lines));
    }
}
