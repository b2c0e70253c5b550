package dev.tether.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TetherConfigResolutionTest {
    @TempDir
    Path dir;

    private TetherConfig.Builder config(Map<String, String> env) {
        return TetherConfig.builder().environment(env).systemProperties(Map.of()).workingDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null));
    }

    private void dotEnv(String content) throws IOException {
        Files.writeString(dir.resolve(".env"), content);
    }

    @Test
    void withNothingSetTheUrlIsLocalhostFromTheDefaultSource() {
        ConfigResolution r = config(Map.of()).build().resolve();

        assertThat(r.isValid()).isTrue();
        assertThat(r.value(SettingKey.URL)).hasValueSatisfying(v -> {
            assertThat(v.displayValue()).isEqualTo("redis://localhost:6379");
            assertThat(v.source()).isEqualTo(SettingSource.DEFAULT);
        });
        RedisSettings s = r.requireValid();
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(6379);
        assertThat(s.tls()).isFalse();
        assertThat(s.provider()).isEqualTo(Provider.LOCAL);
    }

    @Test
    void environmentShadowsDotEnvAndProvenanceNamesTheLine() throws IOException {
        dotEnv("# local\nREDIS_CLIENT_NAME=worker\n\nREDIS_URL=redis://from-dotenv:6379\n");

        ConfigResolution r = config(Map.of("REDIS_URL", "redis://from-env:6380")).build().resolve();

        ResolvedValue url = r.value(SettingKey.URL).orElseThrow();
        assertThat(url.displayValue()).isEqualTo("redis://from-env:6380");
        assertThat(url.source().name()).isEqualTo("env");
        assertThat(url.shadowed()).extracting(SettingSource::location).containsExactly(".env:4");
        ResolvedValue name = r.value(SettingKey.CLIENT_NAME).orElseThrow();
        assertThat(name.source().location()).isEqualTo(".env:2");
        assertThat(r.requireValid().host()).isEqualTo("from-env");
        assertThat(r.requireValid().clientName()).hasValue("worker");
    }

    @Test
    void systemPropertiesOutrankTheEnvironment() {
        ConfigResolution r = config(Map.of("REDIS_URL", "redis://env-host:6379"))
                .systemProperties(Map.of("redis.url", "redis://prop-host:6379")).build().resolve();

        ResolvedValue url = r.value(SettingKey.URL).orElseThrow();
        assertThat(url.source().name()).isEqualTo("sysprop");
        assertThat(url.shadowed()).extracting(SettingSource::name).containsExactly("env");
        assertThat(r.requireValid().host()).isEqualTo("prop-host");
    }

    @Test
    void applicationPropertiesIsTheLowestSource() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("application.properties"), "redis.url=redis://from-props:6379\nredis.client-name=props\n");
        dotEnv("REDIS_URL=redis://from-dotenv:6379\n");
        URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, null);

        ConfigResolution r = config(Map.of()).classLoader(loader).build().resolve();

        assertThat(r.requireValid().host()).isEqualTo("from-dotenv");
        assertThat(r.value(SettingKey.URL).orElseThrow().shadowed()).extracting(SettingSource::name)
                .containsExactly("application.properties");
        assertThat(r.value(SettingKey.CLIENT_NAME).orElseThrow().source().name()).isEqualTo("application.properties");
    }

    @Test
    void discoveredSourcesStillContributeWhenSmallRyeConfigLocationsIsSet() throws IOException {
        Path extra = dir.resolve("extra.properties");
        Files.writeString(extra, "redis.client-name=from-locations\n");

        ConfigResolution r = TetherConfig.builder().environment(Map.of("SMALLRYE_CONFIG_LOCATIONS", extra.toUri().toString()))
                .systemProperties(Map.of()).workingDirectory(dir).classLoader(getClass().getClassLoader()).build().resolve();

        assertThat(r.value(SettingKey.CLIENT_NAME).orElseThrow().displayValue()).isEqualTo("from-locations");
    }

    @Test
    void withoutDiscoverySourcesKeepSmallRyesOrderHighestOrdinalFirst() throws IOException {
        dotEnv("REDIS_URL=redis://from-dotenv:6379\n");

        ConfigResolution r = config(Map.of("REDIS_URL", "redis://from-env:6379")).systemProperties(Map.of("redis.url", "redis://from-sysprop:6379"))
                .discoverSources(false).build().resolve();

        assertThat(r.requireValid().host()).isEqualTo("from-sysprop");
        assertThat(r.value(SettingKey.URL).orElseThrow().shadowed()).extracting(SettingSource::name).containsExactly("env", ".env");
    }

    @Test
    void smallRyesOwnDotEnvReaderIsNotActiveSoExportLinesGiveTheirRealKey() throws IOException {
        dotEnv("export REDIS_CLIENT_NAME=exported\n");

        ConfigResolution r = config(Map.of()).build().resolve();

        assertThat(r.value(SettingKey.CLIENT_NAME)).hasValueSatisfying(v -> assertThat(v.displayValue()).isEqualTo("exported"));
        assertThat(r.otherValues()).extracting(ResolvedValue::key).doesNotContain("export", "EXPORT");
    }

    @Test
    void passwordKeyOverridesTheUrlsPasswordAndIsNeverDisplayed() {
        ConfigResolution r = config(Map.of("REDIS_URL", "rediss://default:url-canary-pw@db.example.com:6380/2",
                "REDIS_PASSWORD", "override-canary-pw", "REDIS_USERNAME", "app")).build().resolve();

        RedisSettings s = r.requireValid();
        assertThat(s.password().reveal()).isEqualTo("override-canary-pw");
        assertThat(s.username()).hasValue("app");
        assertThat(s.database()).isEqualTo(2);
        assertThat(s.toString()).isEqualTo("rediss://app:****@db.example.com:6380/2");
        assertThat(r.value(SettingKey.PASSWORD).orElseThrow().displayValue()).isEqualTo("****");
        assertThat(r.value(SettingKey.URL).orElseThrow().displayValue()).doesNotContain("url-canary-pw");
    }

    @Test
    void allListsOtherKeysFromEverySourceRedacted() throws IOException {
        dotEnv("API_TOKEN=canary-token-value\nFEATURE_FLAG=on\n");

        ConfigResolution r = config(Map.of("HOME", "/home/app")).build().resolve();

        assertThat(r.otherValues()).extracting(ResolvedValue::key).contains("API_TOKEN", "FEATURE_FLAG", "HOME");
        assertThat(r.otherValues()).filteredOn(v -> v.key().equals("API_TOKEN")).singleElement()
                .satisfies(v -> assertThat(v.displayValue()).isEqualTo("****"));
    }

    @Test
    void emptyValueCountsAsUnsetSoTheLowerSourceWins() throws IOException {
        dotEnv("REDIS_URL=redis://from-dotenv:6379\n");

        ConfigResolution r = config(Map.of("REDIS_URL", "")).build().resolve();

        assertThat(r.requireValid().host()).isEqualTo("from-dotenv");
    }

    @Test
    void durationsAcceptUnitsAndIso8601() {
        RedisSettings s = config(Map.of("REDIS_COMMAND_TIMEOUT", "500ms", "REDIS_CONNECT_TIMEOUT", "PT3S")).build().resolve().requireValid();

        assertThat(s.commandTimeout()).hasMillis(500);
        assertThat(s.connectTimeout()).hasSeconds(3);
    }

    @Test
    void upstashHostIsDetectedAndUpgradedToTlsWithAWarning() {
        ConfigResolution r = config(Map.of("REDIS_URL", "redis://default:canary-pw@finer-cub-33800.upstash.io:6379")).build().resolve();

        RedisSettings s = r.requireValid();
        assertThat(s.tls()).isTrue();
        assertThat(s.provider()).isEqualTo(Provider.UPSTASH);
        assertThat(r.problems()).extracting(Problem::code).containsExactly(ProblemCode.TLS_REQUIRED_BY_PROVIDER);
        assertThat(r.problems().get(0).hint()).contains("rediss://finer-cub-33800.upstash.io:6379");
    }
}
