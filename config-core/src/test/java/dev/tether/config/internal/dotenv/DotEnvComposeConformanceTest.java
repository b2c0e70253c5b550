package dev.tether.config.internal.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parses compose-go's own {@code dotenv} fixtures and expects exactly what docker compose reads from
 * them (its {@code godotenv_test.go}), under tether's dialect rules. The fixtures are vendored in
 * {@code src/test/resources/dotenv-compose} (MIT, source noted there); a missing one is a failure.
 */
class DotEnvComposeConformanceTest {
    /** Vendored into the test resources with their licence and source (see its README.md). */
    private static final String FIXTURES = "/dotenv-compose";
    private static final Map<String, String> OS_ENV = Map.of("VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE");

    static Stream<Arguments> fixtures() {
        Map<String, String> plain = map(
                "OPTION_A", "1",
                "OPTION_B", "2",
                "OPTION_C", "3",
                "OPTION_D", "4",
                "OPTION_E", "5",
                // compose-go's parser keeps it; only its Read() drops keys starting with a digit.
                "456", "ABC",
                "OPTION_F", "",
                "OPTION_G", "",
                "OPTION_H", "my string");
        Map<String, String> substituted = map(
                "OPTION_A", "1",
                "OPTION_B", "1",
                "OPTION_C", "1",
                "OPTION_D", "1_1",
                "OPTION_E", "");
        return Stream.of(
                Arguments.of("plain.env", plain),
                Arguments.of("utf8-bom.env", plain),
                Arguments.of("quoted.env", map(
                        "OPTION_A", "1",
                        "OPTION_B", "2",
                        "OPTION_C", "",
                        "OPTION_D", "\\n",
                        "OPTION_E", "1",
                        "OPTION_F", "2",
                        "OPTION_G", "",
                        "OPTION_H", "\n",
                        "OPTION_I", "echo 'asd'",
                        "OPTION_J", "first line\nsecond line\nthird line\nand so on",
                        "OPTION_K", "Let's go!",
                        "OPTION_Z", "last value")),
                Arguments.of("exported.env", map("OPTION_A", "2", "OPTION_B", "\\n")),
                Arguments.of("equals.env", map("OPTION_A", "postgres://localhost:5432/database?sslmode=disable")),
                Arguments.of("substitutions.env", substituted),
                Arguments.of("substitutions-default.env", substituted),
                Arguments.of("special.env", map(
                        "VAR.WITH.DOTS", "dots",
                        "VAR_WITH_UNDERSCORES", "underscores",
                        "VAR-WITH-DASHES", "dashes")),
                Arguments.of("unquoted.env", map(
                        "OPTION_A", "some quoted phrase",
                        "OPTION_B", "first one with an unquoted phrase",
                        "OPTION_C", "then another one with an unquoted phrase",
                        "OPTION_D", "then another one with an unquoted phrase special \u00e8 char",
                        "OPTION_E", "then another one quoted phrase")),
                Arguments.of("inherited-multi-var.env", map(
                        "foo", "bar",
                        "VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE",
                        "bar", "baz")),
                Arguments.of("inherited-single-var.env", map("VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE")),
                Arguments.of("inherited-not-found.env", map()),
                // Not a .env file in compose-go's suite, but valid YAML-style (':') assignments in the dialect.
                Arguments.of("custom.format", map("FOO", "BAR", "ZOT", "QIX")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureParsesToComposeValues(String fixture, Map<String, String> expected) {
        DotEnvFile file = DotEnvParser.parse(fixtureDir().resolve(fixture), OS_ENV::get);

        assertThat(file.values()).containsExactlyEntriesOf(expected);
    }

    @Test
    void invalidFixtureFailsOnLineSevenWithoutShowingAValue() {
        Path invalid = fixtureDir().resolve("invalid1.env");

        DotEnvSyntaxException error = catchThrowableOfType(
                () -> DotEnvParser.parse(invalid, OS_ENV::get), DotEnvSyntaxException.class);

        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(DotEnvSyntaxException.SYNTAX);
        assertThat(error.line()).isEqualTo(7);
        assertThat(error.file()).isEqualTo(invalid.toString());
        assertThat(error.getMessage())
                .startsWith(invalid + ":7: ")
                .contains("key cannot contain a space")
                .doesNotContain("multine", "value\n", "qix", "INVALID LINE");
    }

    @Test
    void everyFixtureFileHasAnExpectation() throws IOException {
        Set<String> covered = fixtures().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        covered.addAll(Set.of("invalid1.env", "README.md", "LICENSE"));

        try (Stream<Path> files = Files.list(fixtureDir())) {
            Set<String> present = files.map(path -> path.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(covered).containsAll(present);
        }
    }

    /** The fixtures on the test class path; missing ones fail the test (they ship with the repository). */
    private static Path fixtureDir() {
        URL dir = DotEnvComposeConformanceTest.class.getResource(FIXTURES);
        if (dir == null) {
            throw new AssertionError("compose-go dotenv fixtures missing from the test resources: " + FIXTURES);
        }
        try {
            return Path.of(dir.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
