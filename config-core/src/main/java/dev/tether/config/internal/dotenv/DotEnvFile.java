package dev.tether.config.internal.dotenv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed content of one {@code .env} file.
 *
 * <p>{@link #entries()} keeps every assignment in file order, duplicates included; {@link #byKey()}
 * is the effective view, where the last assignment of a key wins. Immutable and thread-safe;
 * {@link #toString()} never shows a value.
 */
public final class DotEnvFile {
    private final String fileName;
    private final List<DotEnvEntry> entries;
    private final Map<String, DotEnvEntry> byKey;
    private final DotEnvSyntaxException error;

    /**
     * @param fileName the name used in messages and provenance (usually the path)
     * @param entries  the assignments in file order
     */
    public DotEnvFile(String fileName, List<DotEnvEntry> entries) {
        this(fileName, entries, null);
    }

    /**
     * A file read up to its first error: {@code entries} are the assignments before it (as docker
     * compose keeps them), {@code error} what stopped the parse, or {@code null}.
     */
    public DotEnvFile(String fileName, List<DotEnvEntry> entries, DotEnvSyntaxException error) {
        this.error = error;
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.entries = Collections.unmodifiableList(copy(Objects.requireNonNull(entries, "entries")));
        Map<String, DotEnvEntry> map = new LinkedHashMap<>();
        for (DotEnvEntry entry : this.entries) {
            map.put(entry.key(), entry);
        }
        this.byKey = Collections.unmodifiableMap(map);
    }

    /** The parser's own list is kept as is (it is never changed after the parse); others are copied, nulls refused. */
    private static List<DotEnvEntry> copy(List<DotEnvEntry> entries) {
        if (entries instanceof ChunkedList<DotEnvEntry> chunked) {
            return chunked;
        }
        ChunkedList<DotEnvEntry> copy = new ChunkedList<>();
        for (DotEnvEntry entry : entries) {
            copy.append(Objects.requireNonNull(entry, "entry"));
        }
        return copy;
    }

    /** What stopped the parse before the end of the file; the entries are those before it. */
    public Optional<DotEnvSyntaxException> error() {
        return Optional.ofNullable(error);
    }

    /** The name this file is reported under. */
    public String fileName() {
        return fileName;
    }

    /** Every assignment in file order, duplicates included. */
    public List<DotEnvEntry> entries() {
        return entries;
    }

    /** The effective assignments by key (last duplicate wins), in order of each key's first appearance. */
    public Map<String, DotEnvEntry> byKey() {
        return byKey;
    }

    /** The effective entry of {@code key}, if the file assigns it. */
    public Optional<DotEnvEntry> entry(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The effective value of {@code key}, if the file assigns it. */
    public Optional<String> value(String key) {
        DotEnvEntry entry = byKey.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    /** A new map of the effective key/value pairs, in order of each key's first appearance. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, DotEnvEntry> e : byKey.entrySet()) {
            values.put(e.getKey(), e.getValue().value());
        }
        return values;
    }

    /** The file name and the keys, never the values. */
    @Override
    public String toString() {
        return "DotEnvFile[" + fileName + ", keys=" + byKey.keySet() + "]";
    }
}
