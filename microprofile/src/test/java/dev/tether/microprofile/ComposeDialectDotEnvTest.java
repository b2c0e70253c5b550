package dev.tether.microprofile;

import dev.tether.config.RedisSettings;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The same {@code .env} read by Quarkus's reader (ordinal 295) and by tether's factory (296). */
class ComposeDialectDotEnvTest {

    @TempDir
    Path dir;

    @Test
    void tetherReaderWinsOverQuarkusReaderForQuotesAndExport() throws IOException {
        Path file = writeDotEnv();
        SmallRyeConfig config = quarkusLikeConfig(file, true);

        RedisSettings settings = TetherProducer.settings(config);

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(6390);
        assertThat(settings.database()).isEqualTo(2);
        assertThat(settings.clientName()).contains("from dotenv");
    }

    @Test
    void aDotEnvValueOutranksApplicationPropertiesAndKeepsItsSourceName() throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(TetherDotEnvSourceFactory.FILE_KEY, writeDotEnv().toString()), "test", 100))
                .withSources(new PropertiesConfigSource(Map.of("redis.url", "redis://elsewhere:6379", "redis.command-timeout", "7s"),
                        "PropertiesConfigSource[source=application.properties]", 250))
                .withSources(new TetherDotEnvSourceFactory())
                .build();

        RedisSettings settings = TetherProducer.settings(config);

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.commandTimeout()).isEqualTo(java.time.Duration.ofSeconds(7));
    }

    @Test
    void quarkusReaderAloneKeepsQuotesAndMissesExportedKeys() throws IOException {
        SmallRyeConfig config = quarkusLikeConfig(writeDotEnv(), false);

        assertThat(config.getOptionalValue("redis.url", String.class)).isEmpty();
        assertThat(config.getValue("redis.client-name", String.class)).isEqualTo("'from dotenv'");
    }

    private Path writeDotEnv() throws IOException {
        return Files.writeString(dir.resolve(".env"), """
                # compose dialect
                export REDIS_URL="redis://127.0.0.1:6390/2"
                REDIS_CLIENT_NAME='from dotenv'
                """);
    }

    /** Quarkus's own .env source plus, optionally, tether's factory found the way Quarkus finds it. */
    private SmallRyeConfig quarkusLikeConfig(Path file, boolean withTether) {
        ClassLoader cl = getClass().getClassLoader();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new DotEnvConfigSourceProvider(file.toUri().toString()).getConfigSources(cl))
                .withSources(new PropertiesConfigSource(Map.of(TetherDotEnvSourceFactory.FILE_KEY, file.toString()), "test", 100));
        if (withTether) {
            builder.withSources(new TetherDotEnvSourceFactory());
        }
        return builder.build();
    }
}
