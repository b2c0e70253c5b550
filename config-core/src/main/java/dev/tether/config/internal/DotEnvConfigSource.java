package dev.tether.config.internal;

import dev.tether.config.SourceOrdinals;
import io.smallrye.config.EnvConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** INTERIM: replaced by the compose-dialect parser's source. KEY=VALUE lines only. */
public final class DotEnvConfigSource extends EnvConfigSource {
    private final Path path;
    private final Map<String, Integer> lines;

    private DotEnvConfigSource(Path path, Map<String, String> values, Map<String, Integer> lines) {
        super(values, SourceOrdinals.DOT_ENV);
        this.path = path;
        this.lines = lines;
    }

    public static Optional<DotEnvConfigSource> of(Path file, Function<String, String> lookup) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, Integer> lines = new HashMap<>();
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    String k = line.substring(0, eq).trim();
                    values.put(k, line.substring(eq + 1).trim());
                    lines.put(k, n);
                }
            }
            return Optional.of(new DotEnvConfigSource(file, values, lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String getName() {
        return ".env[" + path + "]";
    }

    public Path path() {
        return path;
    }

    public int lineOf(String key) {
        return lines.getOrDefault(key, -1);
    }
}
