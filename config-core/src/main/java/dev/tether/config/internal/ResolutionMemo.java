package dev.tether.config.internal;

import dev.tether.config.SettingKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The last resolution in this JVM, given again when a resolution reads the very same source
 * objects. tether's own sources are made anew whenever what they were made from changed (the
 * environment map, the system properties, the {@code .env} file's bytes and the variables it
 * refers to, each properties file's bytes: see {@link SourceMemo}, {@link DotEnvMemo},
 * {@link ClasspathMemo}) and are immutable, so the same objects hold the same values, and
 * provenance and validation would find the same again.
 *
 * <p>Not kept: a resolution that read a discovered source (Doppler) or a caller's own source
 * (either may change behind the same object), one whose sources reported a problem while loading,
 * and one whose settings name a file (the CA, certificate or key file is checked on every
 * resolution: it may have changed on disk).
 *
 * <p>One entry; thread-safe (a volatile reference to an immutable entry).
 */
public final class ResolutionMemo {
    private static final Set<SettingKey> FILE_SETTINGS = Set.of(SettingKey.TLS_CA_FILE, SettingKey.TLS_CERT_FILE, SettingKey.TLS_KEY_FILE);
    private static volatile Entry last;

    private record Entry(List<ConfigSource> sources, Path workingDirectory, Object resolution) {
    }

    private ResolutionMemo() {
    }

    /** The resolution made from exactly these source objects in this directory, or {@code null}. */
    public static <R> R find(ConfigAssembly.Result assembled, Path workingDirectory, Class<R> type) {
        Entry e = last;
        if (e == null || !assembled.ownSourcesOnly() || !assembled.problems().isEmpty() || !e.workingDirectory.equals(workingDirectory)
                || !sameObjects(e.sources, assembled.sources())) {
            return null;
        }
        return type.cast(e.resolution);
    }

    /**
     * Keeps {@code resolution}, made from {@code assembled}, unless it may not be given again (see
     * the class comment); {@code setKeys} are the settings some source set.
     */
    public static void remember(ConfigAssembly.Result assembled, Path workingDirectory, Set<SettingKey> setKeys, Object resolution) {
        if (!assembled.ownSourcesOnly() || !assembled.problems().isEmpty()) {
            return;
        }
        for (SettingKey key : FILE_SETTINGS) {
            if (setKeys.contains(key)) {
                return;
            }
        }
        last = new Entry(List.copyOf(assembled.sources()), workingDirectory, resolution);
    }

    /** Forgets the entry (tests). */
    static void clear() {
        last = null;
    }

    private static boolean sameObjects(List<ConfigSource> a, List<ConfigSource> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
