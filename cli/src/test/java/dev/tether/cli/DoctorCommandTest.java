package dev.tether.cli;

import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tether doctor} against real redis-server processes, through {@link TetherCommand#run}. */
class DoctorCommandTest {
    private static final String CANARY = "canary-cli-9d2f71";
    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.withPassword(CANARY).start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TetherCommand.run(new PrintWriter(out), new PrintWriter(err), dir, env, args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static Map<String, String> url(String url) {
        return Map.of("REDIS_URL", url);
    }

    @Test
    void healthyServerPrintsEveryStepWithItsTimeAndExitsZero() {
        Result r = run(url(redis.uriWithCredentials()), "doctor", "--timeout", "2s");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("✔ DNS +\\d+ ms  127\\.0\\.0\\.1")
                .containsPattern("✔ TCP +\\d+ ms  127\\.0\\.0\\.1:" + redis.port())
                .containsPattern("✔ AUTH +\\d+ ms  HELLO 3 as default")
                .containsPattern("✔ latency +\\d+ ms  p50 ")
                .contains("redis://default:****@127.0.0.1:" + redis.port(), "(timeout 2000 ms per step)")
                .endsWith("healthy" + System.lineSeparator());
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void failedStepPrintsTheCodeTheCauseAndAHintAndExitsOne() {
        Result r = run(url("redis://default:" + CANARY + "-wrong@127.0.0.1:" + redis.port()), "doctor", "--timeout", "500ms");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("✘ AUTH +\\d+ ms")
                .containsPattern("(?m)^AUTH_FAILED: the server refused the user name or password")
                .containsPattern("(?m)^hint: check REDIS_PASSWORD");
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void jsonReportHasTheStepsAndTheFailure() {
        Result r = run(url("redis://127.0.0.1:" + redis.port()), "doctor", "--json", "--timeout", "PT1S");

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out().strip())
                .startsWith("{\"healthy\":false,\"steps\":[{\"name\":\"DNS\",\"ok\":true,\"millis\":")
                .contains("{\"name\":\"AUTH\",\"ok\":false,")
                .contains("\"failure\":{\"code\":\"AUTH_REQUIRED\",\"message\":\"the server requires a password")
                .doesNotContain("\"problems\"")
                .endsWith("}");
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void healthyJsonHasNoFailure() {
        Result r = run(url(redis.uriWithCredentials()), "doctor", "--json");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).startsWith("{\"healthy\":true,").contains("{\"name\":\"latency\",\"ok\":true,").contains("\"failure\":null");
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void invalidConfigPrintsTheProblemsAndExitsTwoWithoutRunning() {
        Result text = run(url("redis://default:" + CANARY + "@127.0.0.1:99999"), "doctor");
        Result json = run(url("redis://default:" + CANARY + "@127.0.0.1:99999"), "doctor", "--json");

        assertThat(text.exit()).as(text.all()).isEqualTo(2);
        assertThat(text.out()).contains("Problems (", "invalid config").doesNotContain("✔", "✘");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.out()).startsWith("{\"healthy\":false,\"steps\":[],\"failure\":null,\"problems\":[{\"code\":");
        assertThat(text.all() + json.all()).doesNotContain(CANARY);
    }

    @Test
    void envFileSuppliesTheUrl() throws IOException {
        Files.writeString(dir.resolve("doctor.env"), "REDIS_URL=" + redis.uriWithCredentials() + "\n");

        Result r = run(Map.of(), "doctor", "--env-file", "doctor.env");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain(CANARY);
    }

    @Test
    void missingEnvFileOrBadTimeoutIsAUsageErrorWithExitTwo() {
        Result missing = run(Map.of(), "doctor", "--env-file", "nope.env");
        Result badTimeout = run(url(redis.uri()), "doctor", "--timeout", "soon");
        Result zero = run(url(redis.uri()), "doctor", "--timeout", "0s");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("ENV_FILE_MISSING");
        assertThat(badTimeout.exit()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("'soon' is not a positive duration: write 500ms, 2s");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("'0s' is not a positive duration");
    }

    @Test
    void closedPortExitsOneWithTcpRefused() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        Result r = run(url("redis://127.0.0.1:" + port), "doctor", "--timeout", "1s");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("(?m)^TCP_REFUSED: connection refused");
    }
}
