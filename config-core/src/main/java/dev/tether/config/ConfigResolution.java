package dev.tether.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of resolving settings: every tether key with its value and provenance, every other
 * key visible in the sources (for {@code tether config --all}), all problems, and the validated
 * {@link RedisSettings} when there is no error. Immutable and thread-safe.
 */
public final class ConfigResolution {
    private final Map<SettingKey, ResolvedValue> values;
    private final java.util.function.Supplier<List<ResolvedValue>> otherValuesSource;
    private volatile List<ResolvedValue> otherValues;
    private final List<Problem> problems;
    private final RedisSettings settings;

    ConfigResolution(Map<SettingKey, ResolvedValue> values, java.util.function.Supplier<List<ResolvedValue>> otherValues,
                     List<Problem> problems, RedisSettings settings) {
        this.values = Map.copyOf(values);
        this.otherValuesSource = otherValues;
        this.problems = List.copyOf(problems);
        this.settings = hasError(problems) ? null : settings;
    }

    private static boolean hasError(List<Problem> problems) {
        for (Problem p : problems) {
            if (p.isError()) {
                return true;
            }
        }
        return false;
    }

    /** Each tether key in {@link SettingKey} order, with its value (or default) and provenance. */
    public List<ResolvedValue> values() {
        return java.util.Arrays.stream(SettingKey.values()).map(values::get).filter(java.util.Objects::nonNull).toList();
    }

    /** One tether key's value, or empty when no source sets it and it has no default. */
    public Optional<ResolvedValue> value(SettingKey key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * Every other key visible in any source, by environment-variable spelling, sorted. Computed on
     * first use (reading and redacting every key of every source costs more than resolving).
     */
    public List<ResolvedValue> otherValues() {
        List<ResolvedValue> result = otherValues;
        if (result == null) {
            synchronized (this) {
                result = otherValues;
                if (result == null) {
                    result = List.copyOf(otherValuesSource.get());
                    otherValues = result;
                }
            }
        }
        return result;
    }

    /** All problems, errors first. */
    public List<Problem> problems() {
        return problems;
    }

    /** Whether no problem has {@link Severity#ERROR}. */
    public boolean isValid() {
        return settings != null;
    }

    /** The settings, or empty when there is an error-severity problem. */
    public Optional<RedisSettings> settings() {
        return Optional.ofNullable(settings);
    }

    /**
     * The settings.
     *
     * @throws InvalidSettingsException with every problem when there is an error
     */
    public RedisSettings requireValid() {
        if (settings == null) {
            throw new InvalidSettingsException(problems);
        }
        return settings;
    }
}
