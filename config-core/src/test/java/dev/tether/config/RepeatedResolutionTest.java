package dev.tether.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.testkit.TestCertificates;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolving again in the same JVM gives the same answer as the first time whenever nothing it
 * reads changed, and sees every change: the environment, the {@code .env} file, the variables it
 * refers to, properties files, the caller's own sources and files the settings name.
 */
class RepeatedResolutionTest {
    @TempDir
    Path dir;

    private TetherConfig.Builder config(Map<String, String> env) {
        return TetherConfig.builder().environment(env).systemProperties(Map.of()).workingDirectory(dir).discoverSources(false)
                .classLoader(new URLClassLoader(new URL[0], null));
    }

    @Test
    void unchangedInputsGiveTheSameResolution() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://:${PW}@cache.internal:6379\nREDIS_CLIENT_NAME=orders\n");
        Map<String, String> env = Map.of("PW", "pw-1");

        ConfigResolution first = config(env).build().resolve();
        ConfigResolution second = config(new HashMap<>(env)).build().resolve();

        assertThat(second).isSameAs(first);
        assertThat(second.requireValid().password().reveal()).isEqualTo("pw-1");
    }

    @Test
    void aChangedEnvironmentVariableTheDotEnvUsesIsSeen() throws IOException {
        Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://:${PW}@cache.internal:6379\n");

        assertThat(config(Map.of("PW", "pw-1")).build().resolve().requireValid().password().reveal()).isEqualTo("pw-1");
        assertThat(config(Map.of("PW", "rotated")).build().resolve().requireValid().password().reveal()).isEqualTo("rotated");
    }

    @Test
    void anEditedDotEnvIsSeenWithItsNewProblems() throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, "REDIS_URL=redis://cache.internal:6379\n");
        assertThat(config(Map.of()).build().resolve().problems()).isEmpty();

        Files.writeString(file, "REDIS_URL=redis://cache.internal:6379\nREDIS_COMMAND_TIMEOUT=soon\n");
        ConfigResolution edited = config(Map.of()).build().resolve();

        assertThat(edited.problems()).extracting(Problem::code).containsExactly(ProblemCode.DURATION_INVALID);
    }

    @Test
    void anEditedPropertiesFileIsSeen() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("application.properties"), "redis.url=redis://first:6379\n");
        URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, null);
        TetherConfig config = config(Map.of()).noDotEnvFile().classLoader(loader).build();
        assertThat(config.resolve().requireValid().host()).isEqualTo("first");

        Files.writeString(classes.resolve("application.properties"), "redis.url=redis://second:6379\n");

        assertThat(config.resolve().requireValid().host()).isEqualTo("second");
    }

    @Test
    void aCallersOwnSourceIsReadAgainEveryTime() {
        Map<String, String> own = new HashMap<>(Map.of("redis.url", "redis://first:6379"));
        TetherConfig config = config(Map.of()).noDotEnvFile().source(new PropertiesConfigSource(own, "own", 500) {
            @Override
            public String getValue(String name) {
                return own.get(name);
            }
        }).build();
        assertThat(config.resolve().requireValid().host()).isEqualTo("first");

        own.put("redis.url", "redis://second:6379");

        assertThat(config.resolve().requireValid().host()).isEqualTo("second");
    }

    @Test
    void aCaFileThatWentAwayIsReportedOnTheNextResolution() throws IOException {
        try (TestCertificates certs = TestCertificates.create()) {
            Path ca = Files.copy(certs.caFile(), dir.resolve("ca.pem"));
            Map<String, String> env = Map.of("REDIS_URL", "rediss://cache.internal:6380", "REDIS_TLS_CA_FILE", ca.toString());
            assertThat(config(env).noDotEnvFile().build().resolve().problems()).extracting(Problem::code)
                    .doesNotContain(ProblemCode.CA_FILE_UNREADABLE);

            Files.delete(ca);

            assertThat(config(env).noDotEnvFile().build().resolve().problems()).extracting(Problem::code)
                    .contains(ProblemCode.CA_FILE_UNREADABLE);
        }
    }
}
