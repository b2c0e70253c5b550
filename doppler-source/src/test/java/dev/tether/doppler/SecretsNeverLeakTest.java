package dev.tether.doppler;

import dev.tether.doppler.FakeDopplerServer.Fault;
import io.smallrye.config.SmallRyeConfig;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.tether.doppler.Fixtures.CONFIG;
import static dev.tether.doppler.Fixtures.PROJECT;
import static dev.tether.doppler.Fixtures.SECRETS;
import static dev.tether.doppler.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Drives every path (success, 304, outage with copy, each error, tampered copy) with canary token and
 * values, captures stdout, stderr, every log event (DEBUG and up) and every exception with its stack
 * trace, and requires that no canary shows up anywhere.
 */
class SecretsNeverLeakTest {
    @TempDir
    Path dir;
    FakeDopplerServer doppler;
    Map<String, String> env;
    final List<String> captured = new ArrayList<>();

    @BeforeEach
    void startDoppler() throws IOException {
        doppler = new FakeDopplerServer(TOKEN, PROJECT, CONFIG, SECRETS);
        env = Fixtures.env(doppler, dir.resolve("copy.bin"));
    }

    @AfterEach
    void stopDoppler() {
        doppler.close();
    }

    @Test
    void noTokenOrSecretValueReachesLogsConsoleOrExceptions() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        try (LogCapture logs = new LogCapture()) {
            SmallRyeConfig config = Fixtures.build(env);
            config.getConfigSources().forEach(source -> captured.add(source.toString()));
            captured.add(config.toString());
            Fixtures.build(env); // 304
            env.put("DOPPLER_TIMEOUT", "500ms"); // the outages below need not take long
            env.put("DOPPLER_RETRY_BUDGET", "500ms");

            doppler.failAlways(Fault.SERVER_ERROR_500);
            Fixtures.build(env); // outage, copy + WARN
            doppler.failAlways(Fault.SLOW);
            Fixtures.build(env);
            doppler.failAlways(Fault.RATE_LIMITED_RETRY_AFTER_120S);
            Fixtures.build(env);
            for (Fault fault : List.of(Fault.FORBIDDEN_403, Fault.MALFORMED_JSON, Fault.TRUNCATED_JSON, Fault.WRONG_SHAPE)) {
                doppler.failAlways(fault);
                failing(env -> { });
            }
            doppler.heal();
            failing(env -> env.put("DOPPLER_TOKEN", "dp.st.dev.canaryWrongToken0000000000000000000000000000"));
            failing(env -> env.put("DOPPLER_TOKEN", "canary-token-in-no-known-format"));
            failing(env -> env.put("DOPPLER_CONFIG", "missing"));
            failing(env -> env.put("DOPPLER_API_HOST", "http://canary.example"));
            byte[] bytes = Files.readAllBytes(dir.resolve("copy.bin"));
            bytes[bytes.length - 1] ^= 1;
            Files.write(dir.resolve("copy.bin"), bytes);
            doppler.failAlways(Fault.SERVER_ERROR_500);
            failing(env -> { });
            doppler.heal();
            Fixtures.build(env); // replaces the tampered copy, WARN

            captured.add(logs.everything());
            assertThat(logs.events()).isNotEmpty();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        captured.add(console.toString(StandardCharsets.UTF_8));
        captured.add(new String(Files.readAllBytes(dir.resolve("copy.bin")), StandardCharsets.ISO_8859_1));

        String all = String.join("\n", captured);
        assertThat(all).contains("DOPPLER_UNAUTHORIZED", "DOPPLER_CACHE_TAMPERED", "last-known-good copy");
        assertThat(all).doesNotContainIgnoringCase("canary");
        assertThat(all).doesNotContain(TOKEN.substring(10, 30));
    }

    private void failing(Consumer<Map<String, String>> change) {
        Map<String, String> changed = new java.util.HashMap<>(env);
        change.accept(changed);
        Throwable thrown = catchThrowable(() -> Fixtures.build(changed));
        assertThat(thrown).isNotNull();
        captured.add(Fixtures.stackTrace(thrown));
        DopplerException e = Fixtures.dopplerFailure(thrown);
        captured.add(e.getMessage() + e.detail() + e.hint() + e.dopplerMessages());
    }

}
