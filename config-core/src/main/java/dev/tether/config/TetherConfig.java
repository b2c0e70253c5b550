package dev.tether.config;

import dev.tether.config.internal.ConfigAssembly;
import dev.tether.config.internal.ProvenanceReader;
import dev.tether.config.internal.ResolutionMemo;
import dev.tether.config.internal.SettingsValidator;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Resolves Redis settings from system properties, the environment, discovered sources (Doppler), a
 * {@code .env} file (docker compose dialect) and {@code application.properties}, in that order of
 * precedence, on SmallRye Config. Every value knows where it came from; every problem is reported.
 *
 * <pre>{@code
 * RedisSettings settings = TetherConfig.defaults().resolve().requireValid();
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #resolve()} reads the sources afresh (so a rotated
 * password in the environment or Doppler is seen on the next call). What reading them finds
 * unchanged is not worked out again: an unchanged {@code .env} is not parsed again, and when every
 * source is unchanged and no setting names a file, the previous {@link ConfigResolution} (immutable)
 * is returned. The first resolution of a class loader finds its {@code application.properties}
 * files; their content is read on every resolution.
 */
public final class TetherConfig {
    /** Errors first, then warnings, then info; stable within a severity. */
    private static final Comparator<Problem> BY_SEVERITY = new Comparator<>() {
        @Override
        public int compare(Problem a, Problem b) {
            return a.severity().compareTo(b.severity());
        }
    };
    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;
    private final Path dotEnvFile;
    private final Path workingDirectory;
    private final ClassLoader classLoader;
    private final boolean discoverSources;
    private final List<ConfigSource> extraSources;

    private TetherConfig(Builder b) {
        this.environment = b.environment;
        this.systemProperties = b.systemProperties;
        this.workingDirectory = b.workingDirectory != null ? b.workingDirectory : Path.of(System.getProperty("user.dir"));
        this.dotEnvFile = b.noDotEnv ? null : b.dotEnvFile != null ? workingDirectory.resolve(b.dotEnvFile) : workingDirectory.resolve(".env");
        this.classLoader = b.classLoader != null ? b.classLoader : Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : TetherConfig.class.getClassLoader();
        this.discoverSources = b.discoverSources;
        this.extraSources = List.copyOf(b.extraSources);
    }

    /** The process environment, system properties, {@code ./.env} and discovered sources. */
    public static TetherConfig defaults() {
        return builder().build();
    }

    /** A builder whose unset parts default to the process's own (environment, properties, {@code ./.env}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads every source and validates. Never throws: bad input of any kind (a broken {@code .env}, a
     * NUL in a path, a hostile value) is a problem in the result; {@link ConfigResolution#requireValid()}
     * is where {@link InvalidSettingsException} comes from.
     */
    public ConfigResolution resolve() {
        try {
            return resolveSources();
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not bad input; still a problem with a code rather than a crash in the caller's startup.
            Problem p = Problem.of(ProblemCode.SOURCE_FAILED, null,
                    "resolving the settings failed unexpectedly (" + e.getClass().getSimpleName() + ")",
                    "report this to tether with the output of `tether config`");
            return new ConfigResolution(Map.of(), List::of, List.of(p), null);
        }
    }

    private ConfigResolution resolveSources() {
        Map<String, String> env = environment != null ? environment : System.getenv();
        Map<String, String> props = systemProperties != null ? systemProperties : systemPropertiesSnapshot();
        ConfigAssembly.Result assembled = ConfigAssembly.build(env, props, dotEnvFile, classLoader, discoverSources, extraSources);
        ConfigResolution known = ResolutionMemo.find(assembled, workingDirectory, ConfigResolution.class);
        if (known != null) {
            return known;
        }
        List<Problem> problems = new ArrayList<>(assembled.problems());

        ProvenanceReader reader = new ProvenanceReader(assembled.sources(), workingDirectory);
        Map<SettingKey, ResolvedValue> values = new EnumMap<>(SettingKey.class);
        Set<String> tetherKeys = new HashSet<>();
        for (SettingKey key : SettingKey.values()) {
            tetherKeys.add(key.envName());
            ResolvedValue v = reader.read(key.envName(), key.property());
            if (v == null && key.defaultValue() != null) {
                v = new ResolvedValue(key.envName(), key.property(), Secret.of(key.defaultValue()), key.defaultValue(), SettingSource.DEFAULT, List.of());
            }
            if (v != null) {
                values.put(key, v);
            }
        }
        RedisSettings settings = SettingsValidator.validate(values, workingDirectory, problems).orElse(null);
        problems.sort(BY_SEVERITY);
        ConfigResolution resolution = new ConfigResolution(values, new OtherValues(reader, tetherKeys), problems, settings);
        ResolutionMemo.remember(assembled, workingDirectory, values.keySet(), resolution);
        return resolution;
    }

    /**
     * Every other key in the sources, read on first use of {@link ConfigResolution#otherValues()}.
     * This and {@link #BY_SEVERITY} are classes rather than lambdas: a first resolution in a JVM
     * pays ~0.5 ms of bootstrap for every lambda it meets.
     */
    private record OtherValues(ProvenanceReader reader, Set<String> tetherKeys) implements Supplier<List<ResolvedValue>> {
        @Override
        public List<ResolvedValue> get() {
            return reader.readAll(tetherKeys);
        }
    }

    /** Shortcut for {@code defaults().resolve().requireValid()}. */
    public static RedisSettings load() {
        return defaults().resolve().requireValid();
    }

    private static Map<String, String> systemPropertiesSnapshot() {
        Map<String, String> out = new HashMap<>();
        System.getProperties().forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    /** Builds a {@link TetherConfig}; not thread-safe. */
    public static final class Builder {
        private Map<String, String> environment;
        private Map<String, String> systemProperties;
        private Path dotEnvFile;
        private boolean noDotEnv;
        private Path workingDirectory;
        private ClassLoader classLoader;
        private boolean discoverSources = true;
        private final List<ConfigSource> extraSources = new ArrayList<>();

        private Builder() {
        }

        /** Use this map instead of the process environment (also for {@code .env} interpolation). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** Use this map instead of {@link System#getProperties()}. */
        public Builder systemProperties(Map<String, String> properties) {
            this.systemProperties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
            return this;
        }

        /** Read this {@code .env} file (relative paths against the working directory); default {@code .env}. */
        public Builder dotEnvFile(Path file) {
            this.dotEnvFile = Objects.requireNonNull(file, "file");
            this.noDotEnv = false;
            return this;
        }

        /** Read no {@code .env} file at all. */
        public Builder noDotEnvFile() {
            this.noDotEnv = true;
            return this;
        }

        /** Where {@code .env} and relative paths are looked up; default {@code user.dir}. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath();
            return this;
        }

        /** Class loader for {@code application.properties} and discovered sources. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Whether to add sources found by ServiceLoader (e.g. Doppler); default true. */
        public Builder discoverSources(boolean discover) {
            this.discoverSources = discover;
            return this;
        }

        /**
         * Adds a source ranked by its own ordinal, e.g. a framework's configuration (Spring's
         * {@code Environment}); its {@code getName()} is the provenance shown for its values.
         */
        public Builder source(ConfigSource source) {
            this.extraSources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public TetherConfig build() {
            return new TetherConfig(this);
        }
    }
}
