package dev.tether.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandTest {
    private static final String CANARY = "canary-cli-pw-4410";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> fullEnv = new HashMap<>(env);
        fullEnv.putIfAbsent("XDG_CACHE_HOME", dir.resolve("cache").toString());
        int exit = TetherCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), dir, fullEnv, args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A real HTTP server answering Doppler's download endpoint with {@code json}; the caller stops it. */
    private static HttpServer fakeDoppler(String json) throws IOException {
        HttpServer doppler = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        doppler.createContext("/v3/configs/config/secrets/download", exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        doppler.start();
        return doppler;
    }

    @Test
    void validDotEnvPrintsEachKeyWithItsLineAndExitsZero() throws IOException {
        Files.writeString(dir.resolve(".env"), "# app\nREDIS_URL=rediss://default:" + CANARY + "@db.example.com:6380\nREDIS_COMMAND_TIMEOUT=750ms\n");

        Run run = run(Map.of(), "config");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("REDIS_URL", "rediss://default:****@db.example.com:6380", ".env:2", ".env:3", "valid")
                .doesNotContain(CANARY);
    }

    /** Issue 10: a seed list and a Sentinel URL show the mode, every node and the read preference with where each came from. */
    @Test
    void clusterAndSentinelSettingsShowModeNodesAndReadFromWithProvenance() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_URL=rediss://app:" + CANARY + "@n1.example.com:6379,n2.example.com:6380\n");

        Run cluster = run(Map.of("REDIS_READ_FROM", "replica-preferred"), "config");
        Run sentinel = run(Map.of("REDIS_URL", "redis-sentinel://:" + CANARY + "@s1:26379,s2/0#orders", "REDIS_SENTINEL_PASSWORD", CANARY),
                "config", "--json");

        assertThat(cluster.exit()).isZero();
        assertThat(cluster.out())
                .contains("REDIS_MODE", "auto", "REDIS_READ_FROM", "replica-preferred")
                .containsPattern("mode +cluster +\\[REDIS_URL \\(\\.env:1\\): 2 seeds]")
                .containsPattern("seeds +n1.example.com:6379, n2.example.com:6380")
                .containsPattern("read from +replica-preferred +\\[REDIS_READ_FROM \\(env\\)]")
                .doesNotContain(CANARY);
        assertThat(sentinel.exit()).isZero();
        assertThat(sentinel.out()).contains("\"connection\":{\"mode\":\"sentinel\",\"modeSource\":\"REDIS_URL (env): a Sentinel URL\","
                        + "\"nodes\":[\"s1:26379\",\"s2:26379\"],\"sentinelMasterId\":\"orders\",\"readFrom\":\"primary\","
                        + "\"readFromSource\":\"REDIS_READ_FROM (default)\"}")
                .contains("\"key\":\"REDIS_SENTINEL_PASSWORD\",\"property\":\"redis.sentinel-password\",\"value\":\"****\"")
                .doesNotContain(CANARY);
    }

    @Test
    void invalidSettingsListEveryProblemAndExitTwo() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_URL=rediss://:" + CANARY + "@host:99999\nREDIS_TLS=false\nREDIS_CONNECT_TIMEOUT=soon\n");

        Run run = run(Map.of(), "config");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("PORT_OUT_OF_RANGE", "DURATION_INVALID", "hint:").doesNotContain(CANARY);
    }

    @Test
    void jsonHasTheDocumentedShapeAndShadowedSources() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://from-dotenv:6379\n");

        Run run = run(Map.of("REDIS_URL", "redis://from-env:6379"), "config", "--json");

        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).startsWith("{\"valid\":true,\"settings\":[{\"key\":\"REDIS_URL\",\"property\":\"redis.url\","
                + "\"value\":\"redis://from-env:6379\",\"source\":\"env\",\"location\":null,\"shadowed\":[{\"source\":\".env\",\"location\":\".env:1\"}]}");
        assertThat(run.out()).contains("\"problems\":[]");
    }

    @Test
    void allListsWhatTheDotEnvParsedToRedacted() throws IOException {
        Files.writeString(dir.resolve(".env"), "export API_TOKEN='" + CANARY + "'\nGREETING=\"hello\\nworld\"\n");

        Run run = run(Map.of(), "config", "--all");

        assertThat(run.out()).contains("API_TOKEN", "****", "GREETING", "hello\\nworld").doesNotContain(CANARY);
    }

    @Test
    void missingEnvFileIsOneLineWithCodeAndHint() {
        Run run = run(Map.of(), "config", "--env-file", "nope.env");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("error ENV_FILE_MISSING:").contains("hint:").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void dotEnvSyntaxErrorNamesFileAndLineButNotTheValue() throws IOException {
        Files.writeString(dir.resolve(".env"), "OK=1\nREDIS_PASSWORD=\"" + CANARY + "\n");

        Run run = run(Map.of(), "config");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("DOTENV_SYNTAX", ".env:2").doesNotContain(CANARY);
    }

    @Test
    void dopplerSuppliedValuesShowTheirProvenance() throws IOException {
        HttpServer doppler = fakeDoppler("{\"REDIS_URL\":\"rediss://default:" + CANARY + "@cache.example.com:6379\",\"DOPPLER_PROJECT\":\"shop\","
                + "\"DOPPLER_CONFIG\":\"prd\",\"DOPPLER_ENVIRONMENT\":\"prd\"}");
        try {
            Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://local:6379\nDOPPLER_TOKEN=dp.st.prd.canaryAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                    + "DOPPLER_API_HOST=http://127.0.0.1:" + doppler.getAddress().getPort() + "\n");

            Run run = run(Map.of(), "config", "--json");

            assertThat(run.out()).contains("\"source\":\"doppler:shop/prd\"", "\"shadowed\":[{\"source\":\".env\",\"location\":\".env:1\"}]")
                    .doesNotContain(CANARY).doesNotContain("canaryAAAA");
            assertThat(run.exit()).isZero();
        } finally {
            doppler.stop(0);
        }
    }

    /** Issue 11 item 1: everything from a secrets manager is masked in --all, whatever its name. */
    @Test
    void everyDopplerValueIsMaskedInAllWhateverItsName() throws IOException {
        HttpServer doppler = fakeDoppler("{\"DB_PASS\":\"" + CANARY + "-1\",\"STRIPE_SK\":\"" + CANARY + "-2\",\"SENTRY_DSN\":\"https://" + CANARY
                + "-3@o1.ingest.sentry.io/1\",\"FEATURE_COLOR\":\"" + CANARY + "-4\",\"DOPPLER_PROJECT\":\"shop\",\"DOPPLER_CONFIG\":\"prd\"}");
        try {
            Files.writeString(dir.resolve(".env"), "DOPPLER_TOKEN=dp.st.prd.canaryAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                    + "DOPPLER_API_HOST=http://127.0.0.1:" + doppler.getAddress().getPort() + "\nMYSQL_PWD=" + CANARY + "-5\n");

            Run text = run(Map.of(), "config", "--all");
            Run json = run(Map.of(), "config", "--all", "--json");

            assertThat(text.out()).contains("DB_PASS", "STRIPE_SK", "SENTRY_DSN", "FEATURE_COLOR", "MYSQL_PWD", "doppler:shop/prd")
                    .doesNotContain(CANARY);
            assertThat(json.out()).contains("{\"key\":\"FEATURE_COLOR\",\"property\":\"FEATURE_COLOR\",\"value\":\"****\",\"source\":\"doppler:shop/prd\"")
                    .doesNotContain(CANARY);
        } finally {
            doppler.stop(0);
        }
    }

    /** Issue 11 item 4: escape bytes from a .env value never reach the terminal raw. */
    @Test
    void escapeBytesInValuesArePrintedAsEscapes() throws IOException {
        Files.writeString(dir.resolve(".env"), "TITLE=\"x\\0033]0;pwned\\0007\\0033[2J\"\nREDIS_CLIENT_NAME=\"w\\0033[31m\"\n");

        Run run = run(Map.of(), "config", "--all");

        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u0007").contains("x\\x1b]0;pwned\\x07\\x1b[2J");
    }

    /** Issue 11 item 5: tether's own hints are not masked into nonsense. */
    @Test
    void theDotEnvSyntaxHintReadsAsWritten() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_CLIENT_NAME=w\nBROKEN=\"open\n");

        Run run = run(Map.of(), "config");

        assertThat(run.out()).contains("KEY=value, quote values with spaces").contains("REDIS_CLIENT_NAME").contains(".env:2");
    }
}
