package dev.tether.config;

/**
 * The ordinals of the configuration sources tether builds, highest wins.
 *
 * <p>System properties outrank the environment, which outranks a managed secret store (Doppler),
 * which outranks a developer's local {@code .env}, which outranks {@code application.properties}.
 */
public final class SourceOrdinals {
    /** JVM system properties ({@code -Dredis.url=...}). */
    public static final int SYSTEM_PROPERTIES = 400;
    /** Process environment ({@code REDIS_URL=...}). */
    public static final int ENVIRONMENT = 300;
    /** Doppler secrets (module {@code tether-doppler-source}). */
    public static final int DOPPLER = 280;
    /** The {@code .env} file in the working directory, in the docker compose dialect. */
    public static final int DOT_ENV = 260;
    /** {@code application.properties} on the classpath (SmallRye's default ordinal for it). */
    public static final int APPLICATION_PROPERTIES = 250;

    private SourceOrdinals() {
    }
}
