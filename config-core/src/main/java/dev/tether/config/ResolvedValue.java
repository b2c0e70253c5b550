package dev.tether.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One key's resolved value with its provenance: the source that won and the sources it shadowed
 * (highest first). The raw value is wrapped in a {@link Secret}; {@link #displayValue()} is the
 * redacted text that is safe to print, computed on first use (resolving settings does not pay for
 * redaction nobody prints). Immutable and thread-safe; equal when every part, display included, is.
 */
public final class ResolvedValue {
    private final String key;
    private final String property;
    private final Secret value;
    private final SettingSource source;
    private final List<SettingSource> shadowed;
    private Supplier<String> display;
    private volatile String displayValue;

    /**
     * @param key          the environment-variable spelling, e.g. {@code REDIS_URL}
     * @param property     the property spelling, e.g. {@code redis.url}
     * @param value        the raw value (may hold a credential)
     * @param displayValue the value redacted for display
     * @param source       the winning source
     * @param shadowed     lower sources that also set the key, highest first
     */
    public ResolvedValue(String key, String property, Secret value, String displayValue,
                         SettingSource source, List<SettingSource> shadowed) {
        this(key, property, value, source, shadowed, null, displayValue);
    }

    private ResolvedValue(String key, String property, Secret value, SettingSource source, List<SettingSource> shadowed,
                          Supplier<String> display, String displayValue) {
        this.key = Objects.requireNonNull(key, "key");
        this.property = property;
        this.value = value;
        this.source = Objects.requireNonNull(source, "source");
        this.shadowed = List.copyOf(shadowed);
        this.display = display;
        this.displayValue = displayValue;
    }

    /**
     * A value whose display text is computed by {@code display} on first use, at most once.
     *
     * @param display computes the redacted text; must never return the credential
     */
    public static ResolvedValue withDisplay(String key, String property, Secret value, Supplier<String> display,
                                            SettingSource source, List<SettingSource> shadowed) {
        return new ResolvedValue(key, property, value, source, shadowed, Objects.requireNonNull(display, "display"), null);
    }

    /** The environment-variable spelling, e.g. {@code REDIS_URL}. */
    public String key() {
        return key;
    }

    /** The property spelling, e.g. {@code redis.url}. */
    public String property() {
        return property;
    }

    /** The raw value (may hold a credential). */
    public Secret value() {
        return value;
    }

    /** The value redacted for display. */
    public String displayValue() {
        String shown = displayValue;
        if (shown == null) {
            synchronized (this) {
                if (displayValue == null) {
                    displayValue = display.get();
                    display = null;
                }
                shown = displayValue;
            }
        }
        return shown;
    }

    /** The winning source. */
    public SettingSource source() {
        return source;
    }

    /** Lower sources that also set the key, highest first. */
    public List<SettingSource> shadowed() {
        return shadowed;
    }

    /** Whether the value comes from a built-in default rather than a source. */
    public boolean isDefault() {
        return source.equals(SettingSource.DEFAULT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolvedValue other && key.equals(other.key) && Objects.equals(property, other.property)
                && Objects.equals(value, other.value) && source.equals(other.source) && shadowed.equals(other.shadowed)
                && Objects.equals(displayValue(), other.displayValue());
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, property, value, source, shadowed);
    }

    @Override
    public String toString() {
        return key + "=" + displayValue() + " (" + source + ")";
    }
}
