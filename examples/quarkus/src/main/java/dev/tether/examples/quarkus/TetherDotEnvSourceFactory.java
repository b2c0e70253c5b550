package dev.tether.examples.quarkus;

import dev.tether.config.DotEnvConfigSourceFactory;

/**
 * Adds tether's {@code .env} reader (docker compose dialect: quotes removed, {@code export KEY=}
 * accepted) to Quarkus's configuration, just above Quarkus's own {@code .env} source, so that the
 * same file means the same thing to Quarkus, to {@code tether config} and to docker compose.
 *
 * <p>Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}; Quarkus finds
 * it with no code. The file is {@code ./.env}, or the one named by {@code tether.env-file}.
 */
public final class TetherDotEnvSourceFactory extends DotEnvConfigSourceFactory {
    /** Above Quarkus's {@code .env} source (295), below the environment (300). */
    public static final int ORDINAL = 296;
    /** Names another {@code .env} file (relative to the working directory). */
    public static final String FILE_KEY = DotEnvConfigSourceFactory.FILE_KEY;

    public TetherDotEnvSourceFactory() {
        super(ORDINAL);
    }
}
