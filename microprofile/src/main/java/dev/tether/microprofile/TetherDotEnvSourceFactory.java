package dev.tether.microprofile;

import dev.tether.config.internal.DotEnvConfigSource;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Adds tether's {@code .env} reader (docker compose dialect: quotes removed, {@code export KEY=}
 * accepted, {@code ${VAR:-default}}) to the runtime's MicroProfile Config at ordinal {@value #ORDINAL}:
 * above Quarkus's own Java-properties {@code .env} reader (295), so the same file means the same
 * thing to the app, to {@code tether config} and to docker compose; below the environment (300).
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}: no code needed.
 * The file is {@code ./.env}, or the one named by {@value #FILE_KEY}.
 */
public final class TetherDotEnvSourceFactory implements ConfigSourceFactory {
    /** Above Quarkus's {@code .env} source (295), below the environment (300). */
    public static final int ORDINAL = 296;
    /** Names another {@code .env} file (relative to the working directory). */
    public static final String FILE_KEY = "tether.env-file";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(FILE_KEY);
        Path file = Path.of(configured != null && configured.getValue() != null ? configured.getValue() : ".env");
        return DotEnvConfigSource.of(file, System::getenv)
                .<List<ConfigSource>>map(source -> List.of(new Reordered(source)))
                .orElse(List.of());
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** tether's source moved from its own rank (under Doppler) to {@link #ORDINAL}. */
    private record Reordered(ConfigSource delegate) implements ConfigSource {
        @Override
        public Set<String> getPropertyNames() {
            return delegate.getPropertyNames();
        }

        @Override
        public String getValue(String propertyName) {
            return delegate.getValue(propertyName);
        }

        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public int getOrdinal() {
            return ORDINAL;
        }
    }
}
