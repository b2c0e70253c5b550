package dev.tether.config.internal.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotEnvParserTest {
    private static final Function<String, String> NO_ENV = name -> null;

    private static Map<String, String> parse(String content) {
        return parse(content, NO_ENV);
    }

    private static Map<String, String> parse(String content, Function<String, String> lookup) {
        return DotEnvParser.parse(content, ".env", lookup).values();
    }

    private static DotEnvSyntaxException failure(String content) {
        return failure(content, NO_ENV);
    }

    private static DotEnvSyntaxException failure(String content, Function<String, String> lookup) {
        DotEnvSyntaxException error = catchThrowableOfType(
                () -> DotEnvParser.parse(content, ".env", lookup), DotEnvSyntaxException.class);
        assertThat(error).as("expected a DotEnvSyntaxException").isNotNull();
        return error;
    }

    // --- keys and separators

    @Test
    void exportPrefixIsNotPartOfTheKey() {
        assertThat(parse("export X=1\n\texport\tY=2\n  export Z='3'")).containsExactly(
                Map.entry("X", "1"), Map.entry("Y", "2"), Map.entry("Z", "3"));
    }

    @Test
    void keysThatMerelyStartWithExportKeepTheirName() {
        assertThat(parse("exportFOO=1\nexport_BAR=2\nexport.BAZ=3\nexport =4")).containsExactly(
                Map.entry("exportFOO", "1"), Map.entry("export_BAR", "2"), Map.entry("export.BAZ", "3"),
                Map.entry("export", "4"));
    }

    @Test
    void equalsAndColonBothSeparateKeyFromValue() {
        assertThat(parse("A=1\nB: 2\nC :3")).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "3"));
    }

    @Test
    void onlyTheFirstSeparatorSplitsSoLaterOnesStayInTheValue() {
        assertThat(parse("A=1:B\nB: Foo=bar\nC=foobar=\nREDIS_URL=redis://default:pw@host:6379/0")).containsExactly(
                Map.entry("A", "1:B"), Map.entry("B", "Foo=bar"), Map.entry("C", "foobar="),
                Map.entry("REDIS_URL", "redis://default:pw@host:6379/0"));
    }

    @Test
    void whitespaceAroundKeysAndUnquotedValuesIsTrimmed() {
        assertThat(parse("  KEY =  spaced value \t \n\tTAB\t=\tx\t")).containsExactly(
                Map.entry("KEY", "spaced value"), Map.entry("TAB", "x"));
    }

    @Test
    void keysMayContainDotsDashesAndBrackets() {
        assertThat(parse("redis.url=a\nREDIS-URL=b\nlist[0]=c")).containsOnlyKeys("redis.url", "REDIS-URL", "list[0]");
    }

    @Test
    void emptyAssignmentIsTheEmptyString() {
        assertThat(parse("A=\nB=''\nC=\"\"\nD:\nE=   ")).containsExactly(
                Map.entry("A", ""), Map.entry("B", ""), Map.entry("C", ""), Map.entry("D", ""), Map.entry("E", ""));
    }

    @Test
    void lastDuplicateWinsButEveryAssignmentIsKeptInOrder() {
        DotEnvFile file = DotEnvParser.parse("A=1\nB=2\nA=3\n", ".env", NO_ENV);

        assertThat(file.value("A")).contains("3");
        assertThat(file.entry("A")).get().extracting(DotEnvEntry::line).isEqualTo(3);
        assertThat(file.entries()).extracting(DotEnvEntry::key).containsExactly("A", "B", "A");
        assertThat(file.byKey().keySet()).containsExactly("A", "B");
    }

    @Test
    void bareKeyTakesItsValueFromTheLookup() {
        DotEnvFile file = DotEnvParser.parse("A=1\nFROM_ENV\nMISSING # not set anywhere\n", ".env",
                Map.of("FROM_ENV", "env value")::get);

        assertThat(file.values()).containsExactly(Map.entry("A", "1"), Map.entry("FROM_ENV", "env value"));
        assertThat(file.entry("FROM_ENV")).get().extracting(DotEnvEntry::line).isEqualTo(2);
    }

    // --- comments

    @Test
    void hashInsideUnquotedUrlPasswordIsNotAComment() {
        assertThat(parse("REDIS_URL=redis://:p#ss@h:6379\nTOKEN=123#not-a-comment")).containsExactly(
                Map.entry("REDIS_URL", "redis://:p#ss@h:6379"), Map.entry("TOKEN", "123#not-a-comment"));
    }

    @Test
    void hashAfterWhitespaceStartsAComment() {
        assertThat(parse("A=bar # comment\nB=bar\t#tab comment\nC=bar #\nD= # only a comment")).containsExactly(
                Map.entry("A", "bar"), Map.entry("B", "bar"), Map.entry("C", "bar"), Map.entry("D", ""));
    }

    @Test
    void commentLinesAndBlankLinesAreSkipped() {
        DotEnvFile file = DotEnvParser.parse("# header\n\n   # indented\n\t\nA=1 # trailing\n#B=2\n", ".env", NO_ENV);

        assertThat(file.values()).containsExactly(Map.entry("A", "1"));
        assertThat(file.entry("A")).get().extracting(DotEnvEntry::line).isEqualTo(5);
    }

    @Test
    void hashInsideQuotesIsKeptAndAfterTheClosingQuoteIsAComment() {
        assertThat(parse("A=\"bar#baz\" # comment\nB='bar#baz'#comment\nC=\"x #y\"")).containsExactly(
                Map.entry("A", "bar#baz"), Map.entry("B", "bar#baz"), Map.entry("C", "x #y"));
    }

    // --- quotes and escapes

    @Test
    void singleQuotesAreLiteral() {
        assertThat(parse("HOME_DIR=/home/me\nA='no $HOME_DIR ${HOME_DIR} \\n \\t \\\\ expansion'")).containsEntry(
                "A", "no $HOME_DIR ${HOME_DIR} \\n \\t \\\\ expansion");
    }

    @Test
    void backslashQuoteInsideSingleQuotesIsAQuoteAsInCompose() {
        assertThat(parse("A='Let\\'s go!'")).containsEntry("A", "Let's go!");
    }

    @Test
    void doubleQuotesExpandBackslashEscapes() {
        assertThat(parse("A=\"line1\\nline2\\r\\ttab \\\\ back \\\"quoted\\\"\"")).containsEntry(
                "A", "line1\nline2\r\ttab \\ back \"quoted\"");
    }

    @Test
    void doubleQuotesExpandTheOtherComposeEscapesAndOctal() {
        assertThat(parse("KEY=\"Z\\aZ\\bZ\\fZ\\vZ\\0123Z\"")).containsEntry("KEY", "Z\u0007Z\bZ\fZ\u000BZSZ");
    }

    @Test
    void escapesComposeDoesNotKnowStayAsWritten() {
        String unicode = "\\" + "u12e4";
        assertThat(parse("A=\"\\x07\"\nB=\"" + unicode + "\"\nC=\"\\0\"\nD=\"\\0999\"\nE=\"bar\\ baz\""))
                .containsExactly(Map.entry("A", "\\x07"), Map.entry("B", unicode), Map.entry("C", "\\0"),
                        Map.entry("D", "\\0999"), Map.entry("E", "bar\\ baz"));
    }

    @Test
    void unquotedValuesKeepBackslashesAndQuotesAsWritten() {
        assertThat(parse("A=a\\tb\nB=data\"kill\nC=it's")).containsExactly(
                Map.entry("A", "a\\tb"), Map.entry("B", "data\"kill"), Map.entry("C", "it's"));
    }

    @Test
    void quotedValuesMaySpanLinesAndLaterLinesKeepTheirNumbers() {
        DotEnvFile file = DotEnvParser.parse("A=\"first\nsecond\"\nB='x\ny\nz'\nC=3", ".env", NO_ENV);

        assertThat(file.values()).containsExactly(
                Map.entry("A", "first\nsecond"), Map.entry("B", "x\ny\nz"), Map.entry("C", "3"));
        assertThat(file.entries()).extracting(DotEnvEntry::line).containsExactly(1, 3, 6);
    }

    @Test
    void unterminatedQuoteIsASyntaxErrorAtTheOpeningLine() {
        DotEnvSyntaxException error = failure("A=1\nPASSWORD=\"hunter2\nmore secret text\n");

        assertThat(error.code()).isEqualTo(DotEnvSyntaxException.SYNTAX);
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.getMessage()).isEqualTo(".env:2: unterminated double-quoted value of PASSWORD (no closing \")")
                .doesNotContain("hunter2", "secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"K=\"", "K=\"s3cr", "K=\"s3cr\\\"", "K=\"s3cr'", "K='", "K='s3cr", "K='s3cr\\'", "K='s3cr\""})
    void everyUnterminatedQuoteFromComposeTestsIsRejected(String content) {
        assertThat(failure(content).getMessage()).startsWith(".env:1: unterminated").doesNotContain("s3cr");
    }

    @Test
    void textAfterAClosingQuoteIsASyntaxError() {
        DotEnvSyntaxException error = failure("A=\"s3cret\" tail-s3cret");

        assertThat(error.code()).isEqualTo(DotEnvSyntaxException.SYNTAX);
        assertThat(error.getMessage()).contains("after the closing quote of A").doesNotContain("s3cret");
    }

    // --- interpolation

    @Test
    void bracedAndPlainReferencesExpandToEarlierValues() {
        assertThat(parse("A=1\nB=${A}\nC=$B\nD=${A}_${B}x\nE=\"quoted $A\"")).containsEntry("B", "1")
                .containsEntry("C", "1").containsEntry("D", "1_1x").containsEntry("E", "quoted 1");
    }

    @Test
    void unsetVariableExpandsToTheEmptyString() {
        assertThat(parse("A=x${NOT_SET}y$ALSO_NOT_SET")).containsEntry("A", "xy");
    }

    @Test
    void laterAssignmentsAreNotVisibleToEarlierLines() {
        assertThat(parse("B=${A}\nA=1")).containsEntry("B", "");
    }

    @Test
    void lookupOutranksAnEarlierAssignmentInTheFileAsInCompose() {
        DotEnvFile file = DotEnvParser.parse("HOST=file-host\nURL=redis://${HOST}:6379", ".env",
                Map.of("HOST", "env-host")::get);

        assertThat(file.values()).containsEntry("HOST", "file-host").containsEntry("URL", "redis://env-host:6379");
    }

    @Test
    void defaultsApplyWhenUnsetOrEmptyWithColonAndOnlyWhenUnsetWithout() {
        Function<String, String> env = Map.of("EMPTY", "", "SET", "v")::get;

        assertThat(parse("A=${UNSET:-d}\nB=${EMPTY:-d}\nC=${SET:-d}\nD=${UNSET-d}\nE=${EMPTY-d}\nF=${SET-d}", env))
                .containsExactly(Map.entry("A", "d"), Map.entry("B", "d"), Map.entry("C", "v"),
                        Map.entry("D", "d"), Map.entry("E", ""), Map.entry("F", "v"));
    }

    @Test
    void alternativesApplyWhenSetAndNonEmptyWithColonAndWhenSetWithout() {
        Function<String, String> env = Map.of("EMPTY", "", "SET", "v")::get;

        assertThat(parse("A=${UNSET:+alt}\nB=${EMPTY:+alt}\nC=${SET:+alt}\nD=${UNSET+alt}\nE=${EMPTY+alt}\nF=${SET+alt}", env))
                .containsExactly(Map.entry("A", ""), Map.entry("B", ""), Map.entry("C", "alt"),
                        Map.entry("D", ""), Map.entry("E", "alt"), Map.entry("F", "alt"));
    }

    @Test
    void defaultsMayNestReferencesAndAreOnlyEvaluatedWhenUsed() {
        assertThat(parse("B=b\nA=${UNSET:-${B}-${ALSO_UNSET:-c}}\nC=${B:-${MISSING:?never evaluated}}")).containsEntry(
                "A", "b-c").containsEntry("C", "b");
    }

    @Test
    void requiredVariableThatIsSetExpands() {
        assertThat(parse("A=${SET:?must be set}\nB=${EMPTY?may be empty}", Map.of("SET", "v", "EMPTY", "")::get))
                .containsExactly(Map.entry("A", "v"), Map.entry("B", ""));
    }

    @Test
    void requiredVariableErrorNamesTheVariableAndTheUsersTextButNoValue() {
        DotEnvSyntaxException error = failure("# db\nPASSWORD=s3cret\nURL=\"redis://:${PASSWORD}@${REDIS_HOST:?set REDIS_HOST to the Redis endpoint}\"");

        assertThat(error.code()).isEqualTo(DotEnvSyntaxException.REQUIRED_VARIABLE);
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.getMessage()).isEqualTo(
                ".env:3: required variable REDIS_HOST is missing a value: set REDIS_HOST to the Redis endpoint");
    }

    @Test
    void requiredVariableWithColonRejectsEmptyAndWithoutColonRejectsOnlyUnset() {
        Function<String, String> env = Map.of("EMPTY", "")::get;

        assertThat(failure("A=${EMPTY:?empty}", env).code()).isEqualTo(DotEnvSyntaxException.REQUIRED_VARIABLE);
        assertThat(failure("A=${UNSET?unset}", env).getMessage()).isEqualTo(
                ".env:1: required variable UNSET is missing a value: unset");
        assertThat(failure("A=${UNSET:?}", env).getMessage()).isEqualTo(".env:1: required variable UNSET is missing a value");
    }

    @Test
    void requiredErrorTextIsShownAsWrittenNeverInterpolated() {
        DotEnvSyntaxException error = failure("A=${UNSET:?ask $OWNER}", Map.of("OWNER", "leaked-value")::get);

        assertThat(error.getMessage()).endsWith("ask $OWNER").doesNotContain("leaked-value");
    }

    @Test
    void backslashDollarAndDoubleDollarAreLiteralDollars() {
        assertThat(parse("X=1\nA=\\$X\nB=\"foo\\$X\"\nC=\"foo\\${X}\"\nD=\"\\${X} ${X}\"\nE=pa$$word\nF='$X'")).containsExactly(
                Map.entry("X", "1"), Map.entry("A", "$X"), Map.entry("B", "foo$X"), Map.entry("C", "foo${X}"),
                Map.entry("D", "${X} 1"), Map.entry("E", "pa$word"), Map.entry("F", "$X"));
    }

    @Test
    void commandSubstitutionAndOtherLoneDollarsStayLiteral() {
        assertThat(parse("A=$(whoami)\nB=\"`id` $(id)\"\nC=cost$5\nD=end$\nE=\"a $ b\"")).containsExactly(
                Map.entry("A", "$(whoami)"), Map.entry("B", "`id` $(id)"), Map.entry("C", "cost$5"),
                Map.entry("D", "end$"), Map.entry("E", "a $ b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=${}", "A=${ FOO}", "A=${FOO }", "A=${FOO!}", "A=${1X}", "A=${FOO:}", "A=\"${FOO\"", "A=x${FOO"})
    void malformedReferenceIsASyntaxError(String content) {
        DotEnvSyntaxException error = failure(content);

        assertThat(error.code()).isEqualTo(DotEnvSyntaxException.SYNTAX);
        assertThat(error.getMessage()).startsWith(".env:1: ").contains("value of A");
    }

    // --- encoding and line ends

    @Test
    void utf8ByteOrderMarkIsSkipped() {
        assertThat(parse("\uFEFFOPTION_A=1\nOPTION_B=2")).containsOnlyKeys("OPTION_A", "OPTION_B");
    }

    @Test
    void crlfLineEndsAreReadAsLf() {
        DotEnvFile file = DotEnvParser.parse("A=1\r\nB=\"x\r\ny\"\r\nC='p\r\nq' # c\r\nD=4 \r\n", ".env", NO_ENV);

        assertThat(file.values()).containsExactly(
                Map.entry("A", "1"), Map.entry("B", "x\ny"), Map.entry("C", "p\nq"), Map.entry("D", "4"));
        assertThat(file.entries()).extracting(DotEnvEntry::line).containsExactly(1, 2, 4, 6);
    }

    // --- errors

    @Test
    void keyWithASpaceIsASyntaxErrorThatDoesNotEchoTheLine() {
        DotEnvSyntaxException error = failure("A=1\n\nMY PASSWORD=hunter2");

        assertThat(error.line()).isEqualTo(3);
        assertThat(error.getMessage()).isEqualTo(".env:3: key cannot contain a space (expected KEY=VALUE)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lol$wut", "FOO$BAR=x", "\"quoted\"=x", "A\"=b", "sk-live#token=1", "VALUE ONLY\"=x"})
    void invalidKeyIsASyntaxErrorThatDoesNotEchoTheText(String content) {
        DotEnvSyntaxException error = failure(content);

        assertThat(error.code()).isEqualTo(DotEnvSyntaxException.SYNTAX);
        assertThat(error.getMessage()).startsWith(".env:1: ")
                .doesNotContain("wut", "BAR", "quoted", "token", "ONLY");
    }

    @Test
    void missingKeyBeforeTheSeparatorIsASyntaxError() {
        assertThat(failure("=\"value\"").getMessage()).isEqualTo(".env:1: missing key before '='");
    }

    @Test
    void parsesAFileAndNamesErrorsAfterItsPath(@TempDir Path dir) throws Exception {
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, "\uFEFFGREETING=\"h\u00e9llo\"\nBROKEN LINE\n", StandardCharsets.UTF_8);

        DotEnvSyntaxException error = catchThrowableOfType(() -> DotEnvParser.parse(envFile, NO_ENV), DotEnvSyntaxException.class);
        assertThat(error.file()).isEqualTo(envFile.toString());
        assertThat(error.getMessage()).startsWith(envFile + ":2: ");

        Files.writeString(envFile, "GREETING=\"h\u00e9llo\"\n", StandardCharsets.UTF_8);
        DotEnvFile file = DotEnvParser.parse(envFile, NO_ENV);
        assertThat(file.fileName()).isEqualTo(envFile.toString());
        assertThat(file.values()).containsExactly(Map.entry("GREETING", "h\u00e9llo"));
    }

    @Test
    void toStringNeverShowsValues() {
        DotEnvFile file = DotEnvParser.parse("REDIS_PASSWORD=hunter2", ".env", NO_ENV);

        assertThat(file.toString()).contains("REDIS_PASSWORD").doesNotContain("hunter2");
        assertThat(file.entries().get(0).toString()).contains("REDIS_PASSWORD").doesNotContain("hunter2");
    }

    @Test
    void parsesATwoHundredLineFileOfEveryValueKind() {
        StringBuilder content = new StringBuilder("# generated\n");
        for (int i = 0; i < 200; i++) {
            content.append(switch (i % 4) {
                case 0 -> "KEY_" + i + "=plain value " + i + " # comment\n";
                case 1 -> "export KEY_" + i + "=\"double \\n quoted ${KEY_" + (i - 1) + "}\"\n";
                case 2 -> "KEY_" + i + "='single quoted " + i + "'\n";
                default -> "KEY_" + i + "=redis://:p#ss@host-" + i + ":6379/0\n";
            });
        }

        DotEnvFile file = DotEnvParser.parse(content.toString(), ".env", NO_ENV);

        assertThat(file.entries()).hasSize(200);
        assertThat(file.value("KEY_1")).hasValue("double \n quoted plain value 0");
        assertThat(file.value("KEY_3")).hasValue("redis://:p#ss@host-3:6379/0");
    }
}
