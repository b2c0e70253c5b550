package dev.tether.config.internal;

import dev.tether.config.SourceOrdinals;
import dev.tether.config.internal.dotenv.DotEnvEntry;
import dev.tether.config.internal.dotenv.DotEnvFile;
import dev.tether.config.internal.dotenv.DotEnvParser;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.ConfigValueConfigSource;
import io.smallrye.config.EnvConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A SmallRye config source over a {@code .env} file read in the docker compose dialect, at ordinal
 * {@link SourceOrdinals#DOT_ENV} unless built with another. Applications reach it through
 * {@link dev.tether.config.DotEnvConfigSourceFactory}.
 *
 * <p>Names resolve the MicroProfile environment-variable way, as for the process environment:
 * {@code getValue("redis.url")} and {@code getValue("REDIS_URL")} both find the key
 * {@code REDIS_URL}. {@link #getConfigValue(String)} carries the line the key was assigned on. The
 * ordinal is the builder's: a {@code CONFIG_ORDINAL} key in the file is ignored, so a local file cannot
 * outrank the environment.
 *
 * <p>Immutable and thread-safe once built; the file is read once, by {@link #of(Path, Function)}.
 * An unchanged file read again in the same JVM gives the same source without parsing it again
 * (same bytes, same answers to the variables it refers to: see {@code DotEnvMemo}).
 */
public final class DotEnvConfigSource extends EnvConfigSource implements ConfigValueConfigSource {
    private static final long serialVersionUID = 1L;
    private static final String CONFIG_ORDINAL = "config_ordinal";

    private final transient DotEnvFile file;
    private final transient Path path;
    private final String name;
    /** Maps each key to itself, so that SmallRye's own name matching tells which key a name found. */
    private final EnvConfigSource keyIndex;
    private final Set<String> keyNames;
    private final int ordinal;

    private DotEnvConfigSource(Path path, DotEnvFile file, int ordinal) {
        super(withoutOrdinal(file.values()), ordinal);
        this.ordinal = ordinal;
        this.path = path;
        this.file = file;
        this.name = ".env[" + path + "]";
        Map<String, String> keys = new LinkedHashMap<>();
        for (String key : file.byKey().keySet()) {
            if (!CONFIG_ORDINAL.equalsIgnoreCase(key)) {
                keys.put(key, key);
            }
        }
        this.keyIndex = new EnvConfigSource(keys, ordinal);
        this.keyNames = Collections.unmodifiableSet(keys.keySet());
    }

    /** Reads and parses {@code file}, at ordinal {@link SourceOrdinals#DOT_ENV}; see {@link #of(Path, Function, int)}. */
    public static Optional<DotEnvConfigSource> of(Path file, Function<String, String> lookup) {
        return of(file, lookup, SourceOrdinals.DOT_ENV);
    }

    /**
     * Reads and parses {@code file}.
     *
     * @param file    the {@code .env} file
     * @param lookup  resolves {@code ${VAR}} references and bare keys ({@code null} when unset)
     * @param ordinal the source's ordinal
     * @return the source, or empty when the file does not exist; a file with a syntax error gives the
     *         keys assigned before the error, and the error in {@code dotEnvFile().error()}
     * @throws java.io.UncheckedIOException when the file exists but cannot be read
     */
    public static Optional<DotEnvConfigSource> of(Path file, Function<String, String> lookup, int ordinal) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(lookup, "lookup");
        if (Files.notExists(file)) {
            return Optional.empty();
        }
        Path absolute = file.toAbsolutePath().normalize();
        byte[] content = read(absolute);
        DotEnvConfigSource known = DotEnvMemo.find(absolute, ordinal, content, lookup);
        if (known != null) {
            return Optional.of(known);
        }
        DotEnvMemo.RecordingLookup recording = new DotEnvMemo.RecordingLookup(lookup);
        DotEnvFile parsed = DotEnvParser.parseUntilError(new String(content, StandardCharsets.UTF_8), absolute.toString(), recording);
        DotEnvConfigSource source = new DotEnvConfigSource(absolute, parsed, ordinal);
        DotEnvMemo.remember(absolute, ordinal, content, recording, source);
        return Optional.of(source);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, String> withoutOrdinal(Map<String, String> values) {
        for (java.util.Iterator<String> keys = values.keySet().iterator(); keys.hasNext(); ) {
            if (CONFIG_ORDINAL.equalsIgnoreCase(keys.next())) {
                keys.remove();
            }
        }
        return values;
    }

    /** The absolute path of the file. */
    public Path path() {
        return path;
    }

    /** The parsed file, every entry in file order. */
    public DotEnvFile dotEnvFile() {
        return file;
    }

    /**
     * The 1-based line that assigns {@code name}, given as written ({@code REDIS_URL}) or as a
     * property ({@code redis.url}); {@code -1} when the file does not assign it.
     */
    public int lineOf(String name) {
        Optional<DotEnvEntry> entry = entryFor(name);
        return entry.isPresent() ? entry.get().line() : -1;
    }

    /** {@code .env[<absolute path>]}. */
    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }

    /** The keys as written in the file (without the dotted lower-case aliases the environment source adds). */
    @Override
    public Set<String> getPropertyNames() {
        // EnvConfigSource's constructor calls this before our fields are set.
        return keyNames == null ? super.getPropertyNames() : keyNames;
    }

    /** The value with this source's name, ordinal and the line the key is assigned on. */
    @Override
    public ConfigValue getConfigValue(String propertyName) {
        Optional<DotEnvEntry> entry = entryFor(propertyName);
        return entry.isPresent() ? configValue(propertyName, entry.get()) : null;
    }

    @Override
    public Map<String, ConfigValue> getConfigValueProperties() {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (String key : getPropertyNames()) {
            values.put(key, configValue(key, file.byKey().get(key)));
        }
        return Collections.unmodifiableMap(values);
    }

    private Optional<DotEnvEntry> entryFor(String propertyName) {
        if (propertyName == null) {
            return Optional.empty();
        }
        String key = keyIndex.getValue(propertyName);
        return key == null ? Optional.empty() : file.entry(key);
    }

    private ConfigValue configValue(String propertyName, DotEnvEntry entry) {
        return ConfigValue.builder()
                .withName(propertyName)
                .withValue(entry.value())
                .withRawValue(entry.value())
                .withConfigSourceName(name)
                .withConfigSourceOrdinal(ordinal)
                .withLineNumber(entry.line())
                .build();
    }

    @Override
    public String toString() {
        return name;
    }
}
