package dev.tether.doppler;

import ch.qos.logback.classic.Level;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static dev.tether.doppler.Fixtures.CONFIG;
import static dev.tether.doppler.Fixtures.PROJECT;
import static dev.tether.doppler.Fixtures.REDIS_URL;
import static dev.tether.doppler.Fixtures.SECRETS;
import static dev.tether.doppler.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

class DopplerSourceResolutionTest {
    @TempDir
    Path dir;
    FakeDopplerServer doppler;

    @BeforeEach
    void startDoppler() throws IOException {
        doppler = new FakeDopplerServer(TOKEN, PROJECT, CONFIG, SECRETS);
    }

    @AfterEach
    void stopDoppler() {
        doppler.close();
    }

    @Test
    void dopplerValuesOutrankDotEnvButYieldToTheEnvironment() {
        Map<String, String> env = Fixtures.env(doppler, dir.resolve("copy.bin"));
        env.put("REDIS_CLIENT_NAME", "from-env");
        Map<String, String> dotEnv = Map.of(
                "REDIS_URL", "redis://localhost:6379",
                "REDIS_TLS", "false");

        SmallRyeConfig config = Fixtures.build(env, dotEnv);

        ConfigValue url = config.getConfigValue("redis.url");
        assertThat(url.getValue()).isEqualTo(REDIS_URL);
        assertThat(url.getSourceName()).isEqualTo("doppler:tether/dev");
        assertThat(url.getSourceOrdinal()).isEqualTo(280);
        assertThat(config.getConfigValue("redis.client-name").getValue()).isEqualTo("from-env");
        assertThat(config.getConfigValue("REDIS_TLS").getValue()).isEqualTo("false");
        assertThat(config.getConfigValue("DOPPLER_ENVIRONMENT").getValue()).isEqualTo("dev");
        assertThat(doppler.requests()).singleElement().satisfies(request -> {
            assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(request.query()).containsEntry("project", PROJECT).containsEntry("config", CONFIG).containsEntry("format", "json");
        });
    }

    @Test
    void tokenWrittenInTheDotEnvFileIsEnough() {
        Map<String, String> dotEnv = new HashMap<>(Fixtures.env(doppler, dir.resolve("copy.bin")));

        SmallRyeConfig config = Fixtures.build(Map.of(), dotEnv);

        assertThat(config.getConfigValue("redis.url").getSourceName()).isEqualTo("doppler:tether/dev");
    }

    @Test
    void tokenSpelledAsPropertyIsEnough() {
        Map<String, String> properties = new HashMap<>();
        Fixtures.env(doppler, dir.resolve("copy.bin"))
                .forEach((key, value) -> properties.put(key.toLowerCase().replace('_', '.'), value));

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "sysprops", 400))
                .withSources(new DopplerConfigSourceFactory())
                .build();

        assertThat(config.getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
    }

    @Test
    void tokenFromTheHigherSourceWinsWhenBothSpellingsAreSet() {
        // the settings that decide where the token goes sit with the token (issue 11 item 6: a lower
        // source may not redirect it); the stale token in .env loses to the system property
        Map<String, String> dotEnv = Map.of("DOPPLER_TOKEN", "dp.st.dev.canaryStaleTokenFromDotEnv000000000000000000000");
        Map<String, String> sysProps = new HashMap<>();
        Fixtures.env(doppler, dir.resolve("copy.bin")).forEach((key, value) -> sysProps.put(key.toLowerCase().replace('_', '.'), value));

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(sysProps, "sysprops", 400))
                .withSources(new PropertiesConfigSource(dotEnv, ".env", 260))
                .withSources(new DopplerConfigSourceFactory())
                .build();

        assertThat(config.getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
    }

    @Test
    void serviceLoaderDiscoversTheFactory() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Fixtures.env(doppler, dir.resolve("copy.bin")), 300))
                .addDiscoveredSources()
                .build();

        assertThat(config.getConfigValue("redis.url").getSourceName()).isEqualTo("doppler:tether/dev");
    }

    @Test
    void withoutTokenThereIsNoSourceAndOneDebugLine() {
        Map<String, String> env = Fixtures.env(doppler, dir.resolve("copy.bin"));
        env.remove("DOPPLER_TOKEN");

        try (LogCapture logs = new LogCapture()) {
            SmallRyeConfig config = Fixtures.build(env, Map.of("REDIS_URL", "redis://localhost:6379"));

            assertThat(Fixtures.hasDopplerSource(config)).isFalse();
            assertThat(config.getValue("REDIS_URL", String.class)).isEqualTo("redis://localhost:6379");
            assertThat(logs.events()).filteredOn(e -> e.getLoggerName().startsWith("dev.tether.doppler"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        }
        assertThat(doppler.requests()).isEmpty();
        assertThat(dir.resolve("copy.bin")).doesNotExist();
    }

    @Test
    void blankTokenCountsAsNoToken() {
        Map<String, String> env = Fixtures.env(doppler, dir.resolve("copy.bin"));
        env.put("DOPPLER_TOKEN", "  ");

        assertThat(Fixtures.hasDopplerSource(Fixtures.build(env))).isFalse();
        assertThat(doppler.requests()).isEmpty();
    }
}
