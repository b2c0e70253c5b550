package dev.tether.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tether.config.internal.dotenv.DotEnvFile;
import dev.tether.config.internal.dotenv.DotEnvParser;
import dev.tether.config.internal.dotenv.DotEnvSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, "Done means": each class of hostile input generated large, deep and adversarial, with a
 * canary that must never appear in any output, exception or log. The default build runs jqwik's
 * default number of tries; {@code -Phostile-inputs} runs 100,000 per property.
 */
class HostileInputPropertyTest {
    /** Never written by tether itself; a value holding it is a credential. */
    static final String CANARY = "Cnry7Q";
    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory(Path.of("target"), "hostile");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- credential-carrying URLs, well-formed and broken (items 2, 3, 4) ----------------------

    /** A password holding the canary; no '@' before it (that would make the canary the host, which is shown). */
    @Provide
    Arbitrary<String> password() {
        Arbitrary<String> before = Arbitraries.strings().withChars("abcXYZ0189%:/?#!$&'()*+,;=~-._").ofMaxLength(6);
        Arbitrary<String> after = Arbitraries.strings().withChars("abcXYZ0189%:/?#@!$&'()*+,;=~-._").ofMaxLength(6);
        return Combinators.combine(before, after).as((a, b) -> a + CANARY + b);
    }

    @Provide
    Arbitrary<String> credentialValues() {
        Arbitrary<String> shape = Arbitraries.of(
                "redis://default:%s@cache.example.com:6379", "rediss://%s@h:6380/0", "redis://:%s@h", "redis://u:%s@[::1]:6379",
                "user:%s@host:6379", ":%s@h", "redis:/:%s@h", "redis:%s@h", "redis//:%s@h", "//:%s@h", "://:%s@h",
                "redis:\\/\\/:%s@h", "redis://:%s", "redis://:%s@", "redis://:%s@h,redis://:%s@h2", "valkey://%s@h",
                "redis-sentinel://:%s@s1:26379,s2:26379#m", "rediss://app:%s@n1:6379,n2:6380,[::1]:6381",
                "redis://:%s@n1,rediss://:%s@n2", "rediss-sentinel://u:%s@s1,s2/0#m", "redis://:%s@n1,,n2:99999/0");
        Arbitrary<String> filler = Arbitraries.strings().withChars(" @:/\\%x").ofMaxLength(64)
                .flatMap(unit -> Arbitraries.integers().between(0, 2000).map(n -> unit.repeat(n)));
        // where the userinfo is the password alone (redis://PW@h), a ':' in it would make the canary a user name
        return Combinators.combine(shape, password(), filler)
                .as((s, pw, fill) -> s.replace("%s", s.contains("://%s") ? pw.replace(":", "") : pw) + fill);
    }

    @Property
    void aCredentialValueNeverShowsItsCanaryAsAValueOrInFreeText(@ForAll("credentialValues") String value) {
        assertThat(Redactor.redactValue("REDIS_URL", value)).doesNotContain(CANARY);
        assertThat(Redactor.redactUri(value)).doesNotContain(CANARY);
        if (value.chars().noneMatch(c -> "'\"(){}[],;=".indexOf(c) >= 0)) {
            // in free text these may end a word (JSON, lists, key=value); as a configuration value they never do
            assertThat(Redactor.redact("REDIS_URL=" + value)).doesNotContain(CANARY);
            assertThat(Redactor.redact("connecting to \"" + value + "\"")).doesNotContain(CANARY);
        }
    }

    @Property
    void resolvingAnyUrlNeverThrowsNorShowsTheCanary(@ForAll("credentialValues") String value) {
        ConfigResolution r = TetherConfig.builder().environment(Map.of("REDIS_URL", value)).systemProperties(Map.of())
                .workingDirectory(dir).noDotEnvFile().classLoader(new URLClassLoader(new URL[0], null))
                .discoverSources(false).build().resolve();

        assertThat(r.problems().toString() + r.values() + r.settings().map(Object::toString).orElse("")).doesNotContain(CANARY);
    }

    // ---- .env files: deep, large, broken (items 9, 10) ------------------------------------------

    @Provide
    Arbitrary<String> dotEnvFiles() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of("A=x", "B=${A}${A}${A}${A}${A}${A}${A}${A}${A}${A}", "C=${B}${B}${B}${B}${B}${B}${B}${B}${B}${B}",
                        "D=${C}${C}${C}${C}${C}${C}${C}${C}${C}${C}", "E=${D}${D}${D}${D}${D}${D}${D}${D}${D}${D}",
                        "F=${E}${E}${E}${E}${E}${E}${E}${E}${E}${E}", "G=${F}${F}${F}${F}${F}${F}${F}${F}${F}${F}",
                        "REDIS_PASSWORD=" + CANARY, "REDIS_URL=redis://:" + CANARY + "@h:6379", "Q=\"" + CANARY, "R='" + CANARY,
                        "S=${X:-" + CANARY, "T=$" + CANARY, "U=\"a\"" + CANARY, "export V_TOKEN = " + CANARY, "W=${" + CANARY + "}",
                        "redis://:" + CANARY + "@h", CANARY, "DB_PASS=\\" + CANARY, "#" + CANARY, "REDIS_TLS_CA_FILE=\"a\\0000b\""),
                Arbitraries.integers().between(1, 3000).map(depth -> "DEEP_SECRET=" + "${X:-".repeat(depth) + CANARY + "}".repeat(depth)),
                // junk breaks the parser; values of keys not named as secrets are shown by design, so no canary here
                Arbitraries.strings().withChars("=$'\"{}:-?+\\#\n ab").ofMaxLength(40));
        return line.list().ofMaxSize(25).map(lines -> String.join("\n", lines));
    }

    @Property
    void theDotEnvParserNeverThrowsAndNeverEchoesAValue(@ForAll("dotEnvFiles") String content) {
        DotEnvFile file = DotEnvParser.parseUntilError(content, ".env", name -> null);

        file.error().ifPresent(e -> {
            if (e.code().equals(DotEnvSyntaxException.SYNTAX)) {
                assertThat(e.getMessage()).doesNotContain(CANARY);
            }
        });
        assertThat(file.toString()).doesNotContain(CANARY);
    }

    @Property(tries = 300)
    void resolveNeverThrowsAndShowsNoCanaryInAnyOutputOrLog(@ForAll("dotEnvFiles") String content) throws IOException {
        Files.writeString(dir.resolve(".env"), content);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            ConfigResolution r = TetherConfig.builder().environment(Map.of()).systemProperties(Map.of()).workingDirectory(dir)
                    .classLoader(new URLClassLoader(new URL[0], null)).discoverSources(false).build().resolve();

            StringWriter shown = new StringWriter();
            PrintWriter out = new PrintWriter(shown);
            r.values().forEach(out::println);
            // a key not named as a secret shows its value by design (junk may quote canary lines into one)
            r.otherValues().stream().filter(v -> Redactor.isSecretKey(v.key()) || v.key().equals("redis"))
                    .forEach(v -> out.println(v.displayValue()));
            // ${VAR:?text} shows its text as written, by design (the one user text a problem may carry)
            boolean requiredText = r.problems().stream().anyMatch(p -> p.code() == ProblemCode.DOTENV_REQUIRED_VARIABLE);
            r.problems().stream().filter(p -> p.code() != ProblemCode.DOTENV_REQUIRED_VARIABLE).forEach(out::println);
            try {
                r.requireValid();
            } catch (InvalidSettingsException e) {
                if (!requiredText) {
                    e.printStackTrace(out);
                }
            }
            logs.list.forEach(e -> out.println(e.getFormattedMessage()));
            out.flush();
            assertThat(shown.toString()).doesNotContain(CANARY);
        } finally {
            root.detachAppender(logs);
        }
    }

    // ---- the maskers on big noisy text (item 8 shapes, as correctness) -------------------------

    @Provide
    Arbitrary<String> noisyLogs() {
        Arbitrary<String> secretLine = Arbitraries.of(
                "REDIS_PASSWORD=" + CANARY, "password: \"" + CANARY + "\"", "{\"auth\":\"" + CANARY + "\"}", "requirepass " + CANARY,
                "redis-cli -a " + CANARY + " ping", "--requirepass " + CANARY, "client.auth(\"" + CANARY + "\")",
                "Authorization: Bearer " + CANARY, "dp.st.prd." + CANARY + "a".repeat(40), "redis://" + CANARY + "@h",
                "ENV REDIS_PASSWORD " + CANARY, "DB_PASS=" + CANARY, "MYSQL_PWD=" + CANARY);
        Arbitrary<String> noise = Arbitraries.strings().withChars(" \t:=@/\"'x,{}").ofMaxLength(30)
                .flatMap(unit -> Arbitraries.integers().between(0, 300).map(unit::repeat));
        return Combinators.combine(noise, secretLine, noise).as((a, s, b) -> a + "\n" + s + "\n" + b).list().ofMaxSize(8)
                .map(parts -> String.join("", parts));
    }

    @Property
    void noSecretLineSurvivesInNoisyText(@ForAll("noisyLogs") String text) {
        assertThat(Redactor.redact(text)).doesNotContain(CANARY);
    }

    static List<String> canaries() {
        return List.of(CANARY);
    }
}
