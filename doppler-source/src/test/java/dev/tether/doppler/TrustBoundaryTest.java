package dev.tether.doppler;

import static dev.tether.doppler.Fixtures.CONFIG;
import static dev.tether.doppler.Fixtures.PROJECT;
import static dev.tether.doppler.Fixtures.REDIS_URL;
import static dev.tether.doppler.Fixtures.SECRETS;
import static dev.tether.doppler.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.doppler.internal.DopplerSettings;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6: a setting that decides where the token goes or the secrets are stored comes only
 * from a source at least as trusted as the token; the cache never clobbers a file that is not its own
 * and never writes into a directory others can write to. Real HTTP (two fake Doppler servers), a real
 * SmallRye builder, real files.
 */
class TrustBoundaryTest {
    @TempDir
    Path dir;
    FakeDopplerServer doppler;
    FakeDopplerServer attacker;

    @BeforeEach
    void start() throws IOException {
        doppler = new FakeDopplerServer(TOKEN, PROJECT, CONFIG, SECRETS);
        attacker = new FakeDopplerServer(TOKEN, PROJECT, CONFIG, Map.of("REDIS_URL", "redis://evil:6379"));
    }

    @AfterEach
    void stop() {
        doppler.close();
        attacker.close();
    }

    /**
     * Checked on the settings the factory builds: with the .env host ignored the token would go to
     * api.doppler.com, and a test must not send even a fake token there.
     */
    @Test
    void aDopplerApiHostFromDotEnvIsIgnoredWhenTheTokenIsInTheEnvironment() {
        Map<String, String> values = Map.of("DOPPLER_TOKEN", TOKEN, "DOPPLER_API_HOST", attacker.baseUrl());
        Map<String, Integer> ordinals = Map.of("DOPPLER_TOKEN", 300, "DOPPLER_API_HOST", 260);

        try (LogCapture logs = new LogCapture()) {
            DopplerSettings settings = DopplerSettings.from(values::get, key -> ordinals.getOrDefault(key, Integer.MIN_VALUE)).orElseThrow();

            assertThat(settings.apiHost().toString()).isEqualTo(DopplerSettings.DEFAULT_API_HOST);
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).singleElement().asString()
                    .contains("Ignoring DOPPLER_API_HOST").doesNotContain(attacker.baseUrl()).doesNotContain(TOKEN);
        }
        assertThat(attacker.requests()).isEmpty();
    }

    @Test
    void aDopplerApiHostBesideTheTokenInTheSameFileIsHonoured() {
        Map<String, String> dotEnv = new HashMap<>(Fixtures.env(attacker, dir.resolve("copy.bin")));

        SmallRyeConfig config = Fixtures.build(Map.of(), dotEnv);

        assertThat(config.getConfigValue("REDIS_URL").getValue()).isEqualTo("redis://evil:6379");
        assertThat(attacker.requests()).hasSize(1);
    }

    @Test
    void aCacheFileFromDotEnvIsIgnoredWhenTheTokenIsInTheEnvironment() throws IOException {
        Path victim = Files.writeString(dir.resolve("authorized_keys"), "ssh-ed25519 AAAA user@host\n");
        Map<String, String> env = Fixtures.env(doppler, dir.resolve("unused"));
        env.remove("DOPPLER_CACHE_FILE");
        Path xdg = Files.createDirectory(dir.resolve("xdg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        env.put("XDG_CACHE_HOME", xdg.toString());
        Map<String, String> dotEnv = Map.of("DOPPLER_CACHE_FILE", victim.toString(), "XDG_CACHE_HOME", dir.resolve("elsewhere").toString());

        SmallRyeConfig config = Fixtures.build(env, dotEnv);

        assertThat(config.getConfigValue("REDIS_URL").getValue()).isEqualTo(REDIS_URL);
        assertThat(Files.readString(victim)).isEqualTo("ssh-ed25519 AAAA user@host\n");
        assertThat(Files.exists(dir.resolve("elsewhere"))).isFalse();
        try (var copies = Files.walk(xdg.resolve("tether/doppler"))) {
            assertThat(copies.filter(Files::isRegularFile)).hasSize(1);
        }
    }

    @Test
    void anExistingFileThatIsNotATetherCacheIsNeverReplaced() throws IOException {
        Path victim = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        Map<String, String> env = Fixtures.env(doppler, victim);

        try (LogCapture logs = new LogCapture()) {
            SmallRyeConfig config = Fixtures.build(env);

            assertThat(config.getConfigValue("REDIS_URL").getValue()).isEqualTo(REDIS_URL);
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).anySatisfy(m -> assertThat(m)
                    .contains("DOPPLER_CACHE_UNSAFE").contains("not a tether cache file"));
        }
        assertThat(Files.readString(victim)).isEqualTo("my notes\n");
    }

    @Test
    void aCacheDirectoryOthersCanWriteToIsRefused() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> env = Fixtures.env(doppler, shared.resolve("copy.bin"));

        try (LogCapture logs = new LogCapture()) {
            SmallRyeConfig config = Fixtures.build(env);

            assertThat(config.getConfigValue("REDIS_URL").getValue()).isEqualTo(REDIS_URL);
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).anySatisfy(m -> assertThat(m)
                    .contains("DOPPLER_CACHE_UNSAFE").contains("writable by other users"));
        }
        assertThat(shared.resolve("copy.bin")).doesNotExist();
    }
}
