package dev.tether.config.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The last {@code .env} file parsed in this JVM, so that resolving again (a test suite starting one
 * connection per test, a job that restarts its client) does not parse an unchanged file again.
 *
 * <p>A hit needs the same path and ordinal, byte-for-byte the same content (the file is read on every
 * resolution), and the same answer from the lookup for every variable the parse asked about
 * ({@code ${VAR}} references and bare keys). The parse is a function of exactly those, so a hit
 * returns what parsing again would return: an edited file or a changed variable is a miss.
 *
 * <p>One entry; thread-safe (a volatile reference to an immutable entry). The entry holds the file's
 * content, secrets included, as the resolved settings do for the life of the process.
 */
final class DotEnvMemo {
    private static volatile Entry last;

    private DotEnvMemo() {
    }

    /** What the parse of one file asked the lookup, and the source it made. */
    private record Entry(Path path, int ordinal, byte[] content, Map<String, String> asked, DotEnvConfigSource source) {
        boolean matches(Path p, int o, byte[] c, Function<String, String> lookup) {
            if (!path.equals(p) || ordinal != o || !Arrays.equals(content, c)) {
                return false;
            }
            for (Map.Entry<String, String> e : asked.entrySet()) {
                if (!Objects.equals(lookup.apply(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The source made earlier from the same inputs, or {@code null}. */
    static DotEnvConfigSource find(Path path, int ordinal, byte[] content, Function<String, String> lookup) {
        Entry e = last;
        return e != null && e.matches(path, ordinal, content, lookup) ? e.source : null;
    }

    /** Remembers {@code source}, made from {@code content} by a parse that asked {@code lookup} what it recorded. */
    static void remember(Path path, int ordinal, byte[] content, RecordingLookup lookup, DotEnvConfigSource source) {
        last = new Entry(path, ordinal, content, Collections.unmodifiableMap(new HashMap<>(lookup.asked)), source);
    }

    /** Forgets the entry (tests). */
    static void clear() {
        last = null;
    }

    /**
     * A lookup that records every name asked and its answer ({@code null} answers too: a variable
     * set later makes a miss). Not thread-safe: one parse uses it.
     */
    static final class RecordingLookup implements Function<String, String> {
        private final Function<String, String> lookup;
        private final Map<String, String> asked = new HashMap<>();

        RecordingLookup(Function<String, String> lookup) {
            this.lookup = lookup;
        }

        @Override
        public String apply(String name) {
            String value = lookup.apply(name);
            asked.put(name, value);
            return value;
        }
    }
}
