package dev.tether.doppler.internal;

import io.smallrye.config.EnvConfigSource;

import java.util.Map;

/**
 * Doppler's secrets as a config source named {@code doppler:<project>/<config>}.
 *
 * <p>Doppler names are environment-variable names, so this is an {@link EnvConfigSource} (as SmallRye's
 * own {@code .env} source is): {@code getValue("redis.url")} finds {@code REDIS_URL}, and
 * {@code @ConfigMapping} matching works. The values are a snapshot taken at build time. Immutable and
 * thread-safe; {@link #toString()} shows no value.
 */
public final class DopplerConfigSource extends EnvConfigSource {
    private static final long serialVersionUID = 1L;
    /** The prefix of every Doppler source name; provenance shows the name as-is. */
    public static final String NAME_PREFIX = "doppler:";

    private final String name;

    public DopplerConfigSource(String project, String config, Map<String, String> secrets, int ordinal) {
        super(Map.copyOf(secrets), ordinal);
        this.name = NAME_PREFIX + project + "/" + config;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return name + " (" + getPropertyNames().size() + " names, ordinal " + getOrdinal() + ")";
    }
}
