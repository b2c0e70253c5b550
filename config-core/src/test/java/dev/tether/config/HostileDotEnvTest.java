package dev.tether.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 items 1, 9 and 10 through the front door: a hostile or mistyped {@code .env} gives a
 * {@code DOTENV_SYNTAX} problem naming the line, never a crash, and what parsed before it stays.
 */
class HostileDotEnvTest {
    private static final String CANARY = "canary-Pw-9931";

    @TempDir
    Path dir;

    private ConfigResolution resolve(String dotEnv, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve(".env"), dotEnv);
        return TetherConfig.builder().environment(env).systemProperties(Map.of()).workingDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null)).discoverSources(false).build().resolve();
    }

    private static List<Problem> syntax(ConfigResolution r) {
        return r.problems().stream().filter(p -> p.code() == ProblemCode.DOTENV_SYNTAX).toList();
    }

    @Test
    void referencesNestedTenThousandDeepAreASyntaxErrorNotAStackOverflow() throws IOException {
        String nested = "${X:-".repeat(10_000) + CANARY + "}".repeat(10_000);
        ConfigResolution r = resolve("REDIS_CLIENT_NAME=ok\nDEEP=" + nested + "\n", Map.of());

        assertThat(syntax(r)).singleElement().satisfies(p -> assertThat(p.message()).contains(".env:2:").contains("nested deeper than"));
        assertThat(r.value(SettingKey.CLIENT_NAME).orElseThrow().displayValue()).isEqualTo("ok");
        assertThat(r.problems().toString()).doesNotContain(CANARY);
    }

    @Test
    void aBillionLaughsIsASyntaxErrorNamingTheLineNotAnOutOfMemoryError() throws IOException {
        StringBuilder file = new StringBuilder("L0=" + CANARY + "\n");
        for (int i = 1; i <= 9; i++) {
            file.append('L').append(i).append('=').append(("${L" + (i - 1) + "}").repeat(10)).append('\n');
        }
        ConfigResolution r = resolve(file.toString(), Map.of());

        assertThat(syntax(r)).singleElement().satisfies(p -> assertThat(p.message())
                .containsPattern("\\.env:\\d+: the value of L\\d expands to more than"));
        assertThat(r.problems().toString()).doesNotContain(CANARY);
    }

    @Test
    void aBadQuoteKeepsEveryLineBeforeItAndReportsTheLine() throws IOException {
        ConfigResolution r = resolve("REDIS_URL=redis://:" + CANARY + "@cache.example.com:6380\nREDIS_CLIENT_NAME=worker\n"
                + "BROKEN=\"no closing quote\nREDIS_TLS=true\n", Map.of());

        assertThat(syntax(r)).singleElement().satisfies(p -> assertThat(p.message()).contains(".env:3:").contains("unterminated"));
        ResolvedValue url = r.value(SettingKey.URL).orElseThrow();
        assertThat(url.displayValue()).isEqualTo("redis://:****@cache.example.com:6380");
        assertThat(url.source().name()).isEqualTo(".env");
        assertThat(r.value(SettingKey.CLIENT_NAME).orElseThrow().displayValue()).isEqualTo("worker");
        assertThat(r.problems().toString() + r.values()).doesNotContain(CANARY);
    }

    @Test
    void aNulInAPathIsAProblemNotAnInvalidPathException() throws IOException {
        ConfigResolution r = resolve("REDIS_URL=rediss://h:6380\nREDIS_TLS_CA_FILE=\"ca\\0000.pem\"\n", Map.of());

        assertThat(r.problems()).extracting(Problem::code).contains(ProblemCode.CA_FILE_UNREADABLE);
        assertThat(r.isValid()).isFalse();
    }

    @Test
    void widenedSecretNamesAreMaskedInEveryOtherKey() throws IOException {
        String dotEnv = "REDISCLI_AUTH=" + CANARY + "\nMYSQL_PWD=" + CANARY + "\nSECRET_KEY_BASE=" + CANARY
                + "\nJWT_PRIVATE_KEY_PEM=" + CANARY + "\nDB_PASS=" + CANARY + "\nSENTRY_DSN=https://" + CANARY + "@o1.ingest.sentry.io/1"
                + "\nSTRIPE_SK=" + CANARY + "\nBILLING_ID=" + CANARY + "\nredis://:" + CANARY + "@h:6379\n";
        ConfigResolution r = resolve(dotEnv, Map.of("TETHER_SECRET_KEYS", "billing_*"));

        assertThat(r.otherValues()).extracting(ResolvedValue::key).contains("REDISCLI_AUTH", "BILLING_ID", "redis");
        assertThat(r.otherValues().toString()).doesNotContain(CANARY);
    }
}
