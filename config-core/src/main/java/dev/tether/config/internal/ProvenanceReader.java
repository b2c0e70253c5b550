package dev.tether.config.internal;

import dev.tether.config.Redactor;
import dev.tether.config.ResolvedValue;
import dev.tether.config.Secret;
import dev.tether.config.SettingSource;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.ConfigValueConfigSource;
import io.smallrye.config.EnvConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a key from every source of a config, highest ordinal first: the first non-empty value wins
 * and the rest are what it shadowed. Empty values count as unset, as in MicroProfile Config.
 */
public final class ProvenanceReader {
    /** The JVM's own system properties: not the user's settings, left out of {@link #readAll}. */
    private static final java.util.regex.Pattern JVM_PROPERTY = java.util.regex.Pattern.compile(
            "(java|javax|jdk|sun|os|user|file|line|path|native|stdout|stderr|awt|jna|picocli|socksNonProxyHosts|http\\.nonProxyHosts|ftp\\.nonProxyHosts)([.]|$)");
    /** A user's own list of secret key names (comma-separated, {@code *} globs): only ever adds masking. */
    public static final String SECRET_KEYS = "TETHER_SECRET_KEYS";
    private final List<ConfigSource> sources;
    private final Path workingDirectory;
    /** The user's extra secret-key names; the predicate over them is built when a value is first displayed. */
    private final String extraSecretKeys;
    private java.util.function.Predicate<String> isSecretKey;

    /** Reads {@code sources}, highest ordinal first. */
    public ProvenanceReader(List<ConfigSource> sources, Path workingDirectory) {
        this.sources = List.copyOf(sources);
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        // Every source may add names: a list can only make more values masked, so none is trusted less.
        StringBuilder extra = new StringBuilder();
        for (ConfigSource source : sources) {
            for (String name : new String[] {SECRET_KEYS, "tether.secret.keys"}) {
                String v = source.getValue(name);
                if (v != null) {
                    extra.append(v).append(',');
                }
            }
        }
        this.extraSecretKeys = extra.toString();
    }

    /** The resolved value of a key known by both spellings, or {@code null} when no source sets it. */
    public ResolvedValue read(String envName, String property) {
        return read(envName, property, envName);
    }

    private ResolvedValue read(String envName, String property, String shownKey) {
        String winner = null;
        SettingSource winnerSource = null;
        List<SettingSource> shadowed = new ArrayList<>();
        for (ConfigSource source : sources) {
            String name = property;
            String value = source.getValue(property);
            if (value == null) {
                name = envName;
                value = source.getValue(envName);
            }
            if (value == null || value.isEmpty()) {
                continue;
            }
            SettingSource where = describe(source, name, envName);
            if (winner == null) {
                winner = value;
                winnerSource = where;
            } else {
                shadowed.add(where);
            }
        }
        if (winner == null) {
            return null;
        }
        String raw = winner;
        SettingSource from = winnerSource;
        return ResolvedValue.withDisplay(shownKey, property, Secret.of(raw), new Display(this, shownKey, raw, from), from, shadowed);
    }

    /**
     * Everything from a secrets manager is a secret by definition: shown as {@code ****} whatever its
     * name (the key, its source and what it shadowed stay visible). Other values are masked by name
     * (built-in rule plus {@link #SECRET_KEYS}) or as URLs.
     */
    private String display(String key, String value, SettingSource source) {
        if (source.name().startsWith("doppler:")) {
            return Redactor.MASK;
        }
        if (isSecretKey().test(key)) {
            return Redactor.MASK;
        }
        return Redactor.redactValue(key, value);
    }

    private synchronized java.util.function.Predicate<String> isSecretKey() {
        if (isSecretKey == null) {
            isSecretKey = CredentialFinder.secretKeys(extraSecretKeys);
        }
        return isSecretKey;
    }

    /** Every key any source holds, by environment-variable spelling, except those in {@code exclude}. */
    public List<ResolvedValue> readAll(java.util.Set<String> exclude) {
        Map<String, String> byEnvName = new TreeMap<>();
        for (ConfigSource source : sources) {
            boolean sysprops = isSystemProperties(source);
            for (String name : source.getPropertyNames()) {
                String env = envName(name);
                if (!exclude.contains(env) && !(sysprops && JVM_PROPERTY.matcher(name).lookingAt())) {
                    // Show the env-var spelling when any source uses it, else the property spelling.
                    byEnvName.merge(env, name, (old, now) -> old.equals(env) ? old : now.equals(env) ? now : old);
                }
            }
        }
        List<ResolvedValue> out = new ArrayList<>();
        byEnvName.forEach((env, name) -> {
            ResolvedValue v = read(env, name, name);
            if (v != null) {
                out.add(v);
            }
        });
        return out;
    }

    /** The MicroProfile environment-variable spelling: non-alphanumerics become '_', upper case. */
    public static String envName(String property) {
        StringBuilder s = new StringBuilder(property.length());
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            s.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return s.toString();
    }

    private SettingSource describe(ConfigSource source, String name, String envName) {
        String sourceName = source.getName();
        int ordinal = source.getOrdinal();
        if (source instanceof DotEnvConfigSource dotEnv) {
            int line = dotEnv.lineOf(envName);
            if (line < 0) {
                line = dotEnv.lineOf(name);
            }
            String file = displayPath(dotEnv.path());
            return new SettingSource(".env", line > 0 ? file + ":" + line : file, ordinal);
        }
        if (sourceName.startsWith("doppler:")) {
            return new SettingSource(sourceName, null, ordinal);
        }
        if (isSystemProperties(source)) {
            return new SettingSource("sysprop", null, ordinal);
        }
        if (source instanceof EnvConfigSource) {
            return new SettingSource("env", null, ordinal);
        }
        String file = fileName(sourceName);
        if (file != null) {
            int line = -1;
            if (source instanceof ConfigValueConfigSource cv) {
                ConfigValue value = cv.getConfigValue(name);
                line = value == null ? -1 : value.getLineNumber();
            }
            return new SettingSource(file, line > 0 ? file + ":" + line : null, ordinal);
        }
        return new SettingSource(sourceName, null, ordinal);
    }

    private static boolean isSystemProperties(ConfigSource source) {
        return source.getName().contains(ConfigAssembly.SYSPROP_SOURCE_NAME);
    }

    private String displayPath(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(workingDirectory) ? workingDirectory.relativize(abs).toString() : abs.toString();
    }

    /** {@code application.properties} from {@code PropertiesConfigSource[source=file:/.../application.properties]}. */
    private static String fileName(String sourceName) {
        int open = sourceName.indexOf("source=");
        if (open < 0) {
            return null;
        }
        String url = sourceName.substring(open + "source=".length()).replaceAll("]$", "");
        int slash = url.lastIndexOf('/');
        String file = slash >= 0 ? url.substring(slash + 1) : url;
        return file.toLowerCase(Locale.ROOT).endsWith(".properties") ? file : null;
    }

    /** The display text, made on first use; a class, not a lambda: this runs on every cold start. */
    private record Display(ProvenanceReader reader, String key, String value, SettingSource source) implements java.util.function.Supplier<String> {
        @Override
        public String get() {
            return reader.display(key, value, source);
        }
    }
}
