package dev.tether.config;

import java.util.List;
import java.util.Objects;

/**
 * One key's resolved value with its provenance: the source that won and the sources it shadowed
 * (highest first). The raw value is wrapped in a {@link Secret}; {@link #displayValue()} is the
 * redacted text that is safe to print.
 *
 * @param key          the environment-variable spelling, e.g. {@code REDIS_URL}
 * @param property     the property spelling, e.g. {@code redis.url}
 * @param value        the raw value (may hold a credential)
 * @param displayValue the value redacted for display
 * @param source       the winning source
 * @param shadowed     lower sources that also set the key, highest first
 */
public record ResolvedValue(String key, String property, Secret value, String displayValue,
                            SettingSource source, List<SettingSource> shadowed) {

    public ResolvedValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        shadowed = List.copyOf(shadowed);
    }

    /** Whether the value comes from a built-in default rather than a source. */
    public boolean isDefault() {
        return source.equals(SettingSource.DEFAULT);
    }

    @Override
    public String toString() {
        return key + "=" + displayValue + " (" + source + ")";
    }
}
