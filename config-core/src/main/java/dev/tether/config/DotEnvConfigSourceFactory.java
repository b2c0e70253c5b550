package dev.tether.config;

import dev.tether.config.internal.DotEnvConfigSource;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A SmallRye {@link ConfigSourceFactory} that adds tether's {@code .env} reader (the docker compose
 * dialect: quotes removed, {@code export KEY=} accepted, {@code ${VAR:-default}} expanded from the
 * environment) to any SmallRye-based configuration (Quarkus, a plain {@code SmallRyeConfigBuilder}), so
 * that the file means the same thing there, to {@code tether config} and to docker compose.
 *
 * <p>The file is {@code ./.env}, or the one the key {@value #FILE_KEY} names (read from the sources
 * already loaded). The source's ordinal is {@link SourceOrdinals#DOT_ENV} for the no-argument factory
 * (the one {@code META-INF/services/io.smallrye.config.ConfigSourceFactory} instantiates), or the one
 * given to {@link #DotEnvConfigSourceFactory(int)}: a framework with a {@code .env} source of its own
 * (Quarkus: 295) registers a subclass that picks its place. A {@code CONFIG_ORDINAL} key inside the file
 * is ignored, so a local file cannot outrank the environment by itself.
 *
 * <p>A missing file contributes no source; an unreadable or invalid one fails with
 * {@link java.io.UncheckedIOException} or an exception that names the line (never a value). Stateless
 * and thread-safe; the file is read once per {@link #getConfigSources(ConfigSourceContext)}.
 */
public class DotEnvConfigSourceFactory implements ConfigSourceFactory {
    /** The configuration key that names another {@code .env} file (relative to the working directory). */
    public static final String FILE_KEY = "tether.env-file";

    private final int ordinal;

    /** A factory whose source has ordinal {@link SourceOrdinals#DOT_ENV}. */
    public DotEnvConfigSourceFactory() {
        this(SourceOrdinals.DOT_ENV);
    }

    /** A factory whose source has the given ordinal (also the factory's priority). */
    public DotEnvConfigSourceFactory(int ordinal) {
        this.ordinal = ordinal;
    }

    /**
     * The source over {@code file} at {@code ordinal}, for code that builds its configuration by hand.
     * {@code ${VAR}} references resolve against the process environment.
     *
     * @return the source, or empty when the file does not exist
     */
    public static Optional<ConfigSource> source(Path file, int ordinal) {
        Objects.requireNonNull(file, "file");
        Optional<DotEnvConfigSource> source = DotEnvConfigSource.of(file, System::getenv, ordinal);
        // here there is no problem list to report to: a syntax error fails, naming the line (never a value)
        source.flatMap(s -> s.dotEnvFile().error()).ifPresent(e -> {
            throw e;
        });
        return source.map(ConfigSource.class::cast);
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue(FILE_KEY);
        Path file = Path.of(configured != null && configured.getValue() != null ? configured.getValue() : ".env");
        return source(file, ordinal).map(List::of).orElse(List.of());
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ordinal);
    }
}
