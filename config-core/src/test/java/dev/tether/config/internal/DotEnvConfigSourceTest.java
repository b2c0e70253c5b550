package dev.tether.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.config.SourceOrdinals;
import dev.tether.config.internal.dotenv.DotEnvSyntaxException;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvConfigSourceTest {
    private static final Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    private Path dotEnv(String content) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, content);
        return file;
    }

    private static SmallRyeConfig config(ConfigSource... sources) {
        return new SmallRyeConfigBuilder().withSources(sources).build();
    }

    @Test
    void smallRyeConfigResolvesThePropertyNameToTheEnvKeyWithItsLine() throws Exception {
        Path file = dotEnv("# local Redis\n\nexport REDIS_URL=\"redis://:p#ss@localhost:6379/0\"\nREDIS_TLS=false\n");
        DotEnvConfigSource source = DotEnvConfigSource.of(file, NO_ENV).orElseThrow();

        SmallRyeConfig config = config(source);
        ConfigValue url = config.getConfigValue("redis.url");

        assertThat(url.getValue()).isEqualTo("redis://:p#ss@localhost:6379/0");
        assertThat(url.getLineNumber()).isEqualTo(3);
        assertThat(url.getSourceName()).isEqualTo(".env[" + file.toAbsolutePath().normalize() + "]");
        assertThat(url.getSourceOrdinal()).isEqualTo(SourceOrdinals.DOT_ENV);
        assertThat(config.getValue("REDIS_URL", String.class)).isEqualTo(url.getValue());
        assertThat(config.getValue("redis.tls", Boolean.class)).isFalse();
    }

    @Test
    void bothTheEnvNameAndThePropertyNameFindTheKey() throws Exception {
        DotEnvConfigSource source = DotEnvConfigSource.of(dotEnv("REDIS_URL=redis://h:6379\n"), NO_ENV).orElseThrow();

        assertThat(source.getValue("REDIS_URL")).isEqualTo("redis://h:6379");
        assertThat(source.getValue("redis.url")).isEqualTo("redis://h:6379");
        assertThat(source.getValue("redis.tls")).isNull();
        assertThat(source.lineOf("redis.url")).isEqualTo(1);
        assertThat(source.lineOf("REDIS_URL")).isEqualTo(1);
        assertThat(source.lineOf("REDIS_TLS")).isEqualTo(-1);
        assertThat(source.getConfigValue("redis.url").getName()).isEqualTo("redis.url");
        assertThat(source.getConfigValue("redis.tls")).isNull();
    }

    @Test
    void exportPrefixYieldsTheKeyWhereSmallRyesOwnDotEnvReaderYieldsExport() throws Exception {
        Path file = dotEnv("export X=1\n");

        DotEnvConfigSource ours = DotEnvConfigSource.of(file, NO_ENV).orElseThrow();
        assertThat(ours.getPropertyNames()).containsExactly("X");
        assertThat(config(ours).getValue("x", Integer.class)).isEqualTo(1);

        // java.util.Properties splits "export X=1" at the space: the key is "export".
        Set<String> smallRyeKeys = new HashSet<>();
        new DotEnvConfigSourceProvider(file.toUri().toString()).getConfigSources(getClass().getClassLoader())
                .forEach(source -> smallRyeKeys.addAll(source.getPropertyNames()));
        assertThat(smallRyeKeys).contains("export").doesNotContain("X");
    }

    @Test
    void propertyNamesAreTheKeysAsWritten() throws Exception {
        DotEnvConfigSource source = DotEnvConfigSource.of(dotEnv("REDIS_URL=a\nredis.client-name=b\nVAR-WITH-DASHES=c\nREDIS_URL=d\n"), NO_ENV)
                .orElseThrow();

        assertThat(source.getPropertyNames()).containsExactlyInAnyOrder("REDIS_URL", "redis.client-name", "VAR-WITH-DASHES");
        assertThat(source.getValue("REDIS_URL")).isEqualTo("d");
        assertThat(source.lineOf("REDIS_URL")).isEqualTo(4);
        assertThat(source.getConfigValueProperties()).containsOnlyKeys(source.getPropertyNames());
    }

    @Test
    void environmentOutranksDotEnvWhichOutranksApplicationProperties() throws Exception {
        DotEnvConfigSource dotEnv = DotEnvConfigSource.of(dotEnv("REDIS_URL=from-dotenv\nREDIS_CLIENT_NAME=dotenv-name\n"), NO_ENV)
                .orElseThrow();
        SmallRyeConfig config = config(
                dotEnv,
                new EnvConfigSource(Map.of("REDIS_URL", "from-env"), SourceOrdinals.ENVIRONMENT),
                new PropertiesConfigSource(Map.of("redis.client-name", "props-name", "redis.tls", "true"),
                        "application.properties", SourceOrdinals.APPLICATION_PROPERTIES));

        assertThat(config.getValue("redis.url", String.class)).isEqualTo("from-env");
        assertThat(config.getConfigValue("redis.client-name").getValue()).isEqualTo("dotenv-name");
        assertThat(config.getValue("redis.tls", Boolean.class)).isTrue();
    }

    @Test
    void configOrdinalInTheFileCannotRaiseItsPrecedence() throws Exception {
        DotEnvConfigSource source = DotEnvConfigSource.of(dotEnv("CONFIG_ORDINAL=1000\nREDIS_URL=dotenv\n"), NO_ENV).orElseThrow();
        SmallRyeConfig config = config(source,
                new EnvConfigSource(Map.of("REDIS_URL", "env"), SourceOrdinals.ENVIRONMENT));

        assertThat(source.getOrdinal()).isEqualTo(SourceOrdinals.DOT_ENV);
        assertThat(config.getValue("redis.url", String.class)).isEqualTo("env");
    }

    @Test
    void interpolationUsesTheLookup() throws Exception {
        DotEnvConfigSource source = DotEnvConfigSource.of(dotEnv("REDIS_URL=redis://${REDIS_HOST:-localhost}:6379\n"),
                Map.of("REDIS_HOST", "cache.internal")::get).orElseThrow();

        assertThat(source.getValue("redis.url")).isEqualTo("redis://cache.internal:6379");
    }

    @Test
    void missingFileGivesNoSource() {
        assertThat(DotEnvConfigSource.of(dir.resolve("absent.env"), NO_ENV)).isEmpty();
    }

    /** Issue 11 item 10: as docker compose, the keys before a syntax error stay; the error is kept. */
    @Test
    void invalidFileKeepsTheKeysBeforeTheSyntaxError() throws Exception {
        Path file = dotEnv("REDIS_CLIENT_NAME=worker\nREDIS_PASSWORD=\"hunter2\nREDIS_TLS=true\n");

        DotEnvConfigSource source = DotEnvConfigSource.of(file, NO_ENV).orElseThrow();

        assertThat(source.getPropertyNames()).containsExactly("REDIS_CLIENT_NAME");
        assertThat(source.dotEnvFile().error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo(DotEnvSyntaxException.SYNTAX);
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.getMessage()).doesNotContain("hunter2");
        });
    }

    @Test
    void exposesItsPathAndParsedFile() throws Exception {
        Path file = dotEnv("A=1\n");
        DotEnvConfigSource source = DotEnvConfigSource.of(file, NO_ENV).orElseThrow();

        assertThat(source.path()).isEqualTo(file.toAbsolutePath().normalize()).isAbsolute();
        assertThat(source.dotEnvFile().values()).containsExactly(Map.entry("A", "1"));
        assertThat(source.toString()).isEqualTo(source.getName());
    }
}
