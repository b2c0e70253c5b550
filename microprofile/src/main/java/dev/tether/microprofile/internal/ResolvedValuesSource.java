package dev.tether.microprofile.internal;

import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Values a MicroProfile Config resolved, regrouped into one source per original source (same name, same ordinal). */
public final class ResolvedValuesSource implements ConfigSource {
    private final String name;
    private final int ordinal;
    private final Map<String, String> values = new HashMap<>();

    private ResolvedValuesSource(String name, int ordinal) {
        this.name = name;
        this.ordinal = ordinal;
    }

    /**
     * @param resolved each value by the property name it was asked for ({@code redis.url}); the value's
     *                 own name may be the source's spelling ({@code REDIS_URL})
     */
    public static List<ConfigSource> of(Map<String, ConfigValue> resolved) {
        Map<String, ResolvedValuesSource> bySource = new LinkedHashMap<>();
        resolved.forEach((property, value) -> {
            String name = value.getSourceName() == null ? "microprofile-config" : value.getSourceName();
            bySource.computeIfAbsent(name + "@" + value.getSourceOrdinal(), k -> new ResolvedValuesSource(name, value.getSourceOrdinal()))
                    .values.put(property, value.getValue());
        });
        return new ArrayList<>(bySource.values());
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }
}
