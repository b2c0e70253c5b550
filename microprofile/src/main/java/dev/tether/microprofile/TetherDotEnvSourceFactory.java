package dev.tether.microprofile;

import dev.tether.config.DotEnvConfigSourceFactory;

/**
 * Adds tether's {@code .env} reader (docker compose dialect: quotes removed, {@code export KEY=}
 * accepted, {@code ${VAR:-default}}) to the runtime's MicroProfile Config at ordinal {@value #ORDINAL}:
 * above Quarkus's own Java-properties {@code .env} reader (295), so the same file means the same
 * thing to the app, to {@code tether config} and to docker compose; below the environment (300).
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}: no code needed.
 * The file is {@code ./.env}, or the one named by {@value #FILE_KEY}.
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
