package dev.tether.config.internal;

import dev.tether.config.SourceOrdinals;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import java.util.Map;

/**
 * The last few environment and system-properties sources made in this JVM, reused while the map
 * they were made from is equal: SmallRye's map-backed sources are immutable, and building one
 * indexes every name (SmallRye's environment source maps each to its property spellings).
 * Resolving again with the same environment, as every start in a process does, then skips that
 * work. A few entries rather than one: a test suite alternates between a few environments.
 *
 * <p>Thread-safe: each kind is a volatile reference to an immutable array of immutable entries;
 * each entry keeps its own copy of the map.
 */
final class SourceMemo {
    private static final int ENTRIES = 4;
    private static volatile Entry[] environments = new Entry[0];
    private static volatile Entry[] systemProperties = new Entry[0];

    private record Entry(Map<String, String> map, Object source) {
    }

    private SourceMemo() {
    }

    /** An environment source over {@code env} at {@link SourceOrdinals#ENVIRONMENT}. */
    static EnvConfigSource environment(Map<String, String> env) {
        Entry[] known = environments;
        Object found = find(known, env);
        if (found != null) {
            return (EnvConfigSource) found;
        }
        Map<String, String> copy = Map.copyOf(env);
        EnvConfigSource source = new EnvConfigSource(copy, SourceOrdinals.ENVIRONMENT);
        environments = withFirst(known, new Entry(copy, source));
        return source;
    }

    /** A system-properties source over {@code properties}, named {@link ConfigAssembly#SYSPROP_SOURCE_NAME}. */
    static PropertiesConfigSource systemProperties(Map<String, String> properties) {
        Entry[] known = systemProperties;
        Object found = find(known, properties);
        if (found != null) {
            return (PropertiesConfigSource) found;
        }
        Map<String, String> copy = Map.copyOf(properties);
        PropertiesConfigSource source = new PropertiesConfigSource(copy, ConfigAssembly.SYSPROP_SOURCE_NAME, SourceOrdinals.SYSTEM_PROPERTIES);
        systemProperties = withFirst(known, new Entry(copy, source));
        return source;
    }

    private static Object find(Entry[] known, Map<String, String> map) {
        for (Entry e : known) {
            if (e.map.equals(map)) {
                return e.source;
            }
        }
        return null;
    }

    /** {@code entry}, then the newest of {@code known}: at most {@link #ENTRIES}. */
    private static Entry[] withFirst(Entry[] known, Entry entry) {
        Entry[] next = new Entry[Math.min(ENTRIES, known.length + 1)];
        next[0] = entry;
        System.arraycopy(known, 0, next, 1, next.length - 1);
        return next;
    }

    /** Forgets every entry (tests). */
    static void clear() {
        environments = new Entry[0];
        systemProperties = new Entry[0];
    }
}
