package dev.tether.config.internal;

import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The properties files a class loader offers ({@code application.properties},
 * {@code META-INF/microprofile-config.properties}), found once per class loader and name, as
 * MicroProfile Config's own {@code ConfigProvider} builds its config once per class loader: asking a
 * class loader for a resource walks its whole class path (every jar, every module), which costs more
 * than the rest of a resolution. Each file's content is still read on every resolution; the source
 * made from it is reused while the bytes are the same.
 *
 * <p>Thread-safe (synchronized); class loaders are held weakly.
 */
final class ClasspathMemo {
    private static final Map<ClassLoader, Map<String, List<URL>>> FOUND = new WeakHashMap<>();
    private static final Map<String, Made> MADE = new HashMap<>();

    private record Made(int ordinal, byte[] content, PropertiesConfigSource source) {
    }

    private ClasspathMemo() {
    }

    /** The resources named {@code name}, as {@link ClassLoader#getResources} gave them the first time. */
    static List<URL> resources(ClassLoader classLoader, String name) throws IOException {
        synchronized (FOUND) {
            Map<String, List<URL>> byName = FOUND.get(classLoader);
            List<URL> urls = byName == null ? null : byName.get(name);
            if (urls == null) {
                urls = List.copyOf(Collections.list(classLoader.getResources(name)));
                if (byName == null) {
                    byName = new HashMap<>();
                    FOUND.put(classLoader, byName);
                }
                byName.put(name, urls);
            }
            return urls;
        }
    }

    /** A source over {@code url} at {@code ordinal}: the one made before while the file's bytes are unchanged. */
    static PropertiesConfigSource source(URL url, int ordinal) throws IOException {
        byte[] content;
        try (InputStream in = url.openStream()) {
            content = in.readAllBytes();
        }
        String key = url.toExternalForm();
        synchronized (MADE) {
            Made made = MADE.get(key);
            if (made != null && made.ordinal == ordinal && Arrays.equals(made.content, content)) {
                return made.source;
            }
        }
        PropertiesConfigSource source = new PropertiesConfigSource(url, ordinal);
        synchronized (MADE) {
            MADE.put(key, new Made(ordinal, content, source));
        }
        return source;
    }

    /** Every source {@code name} gives through {@code classLoader}. */
    static List<PropertiesConfigSource> sources(ClassLoader classLoader, String name, int ordinal) throws IOException {
        List<URL> urls = resources(classLoader, name);
        if (urls.isEmpty()) {
            return List.of();
        }
        List<PropertiesConfigSource> out = new ArrayList<>(urls.size());
        for (URL url : urls) {
            out.add(source(url, ordinal));
        }
        return out;
    }

    /** Forgets everything (tests). */
    static void clear() {
        synchronized (FOUND) {
            FOUND.clear();
        }
        synchronized (MADE) {
            MADE.clear();
        }
    }
}
