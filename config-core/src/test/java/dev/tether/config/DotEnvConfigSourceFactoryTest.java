package dev.tether.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DotEnvConfigSourceFactoryTest {
    @TempDir
    Path dir;

    private SmallRyeConfig configWith(DotEnvConfigSourceFactory factory, Path file) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(DotEnvConfigSourceFactory.FILE_KEY, file.toString()), "test", 100))
                .withSources(factory)
                .build();
    }

    @Test
    void readsTheNamedFileInTheComposeDialectAtTheDotEnvOrdinal() throws IOException {
        Path file = Files.writeString(dir.resolve("app.env"), "export REDIS_URL=\"redis://cache:6379\"\n");

        ConfigValue url = configWith(new DotEnvConfigSourceFactory(), file).getConfigValue("redis.url");

        assertThat(url.getValue()).isEqualTo("redis://cache:6379");
        assertThat(url.getSourceOrdinal()).isEqualTo(SourceOrdinals.DOT_ENV);
        assertThat(url.getLineNumber()).isEqualTo(1);
    }

    @Test
    void aSubclassPicksItsOwnOrdinalAndTheFileCannotRaiseIt() throws IOException {
        Path file = Files.writeString(dir.resolve("app.env"), "CONFIG_ORDINAL=1000\nREDIS_URL=redis://cache:6379\n");

        ConfigValue url = configWith(new DotEnvConfigSourceFactory(296) { }, file).getConfigValue("REDIS_URL");

        assertThat(url.getSourceOrdinal()).isEqualTo(296);
    }

    @Test
    void aMissingFileAddsNoSource() {
        assertThat(DotEnvConfigSourceFactory.source(dir.resolve("absent.env"), 260)).isEmpty();
        assertThat(configWith(new DotEnvConfigSourceFactory(), dir.resolve("absent.env")).getConfigValue("REDIS_URL").getValue()).isNull();
    }
}
