package dev.tether.config;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Resolves settings from the given keys alone: no process environment, no system properties, no class-path sources. */
final class IsolatedResolution {
    private IsolatedResolution() {
    }

    /** {@code keyValues}: key, value, key, value, ... as if they were the environment; {@code dir} the working directory. */
    static ConfigResolution resolve(Path dir, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return TetherConfig.builder().environment(env).systemProperties(Map.of()).workingDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null)).discoverSources(false).build().resolve();
    }

    /** The problem codes of {@code r}, in order. */
    static List<ProblemCode> codes(ConfigResolution r) {
        return r.problems().stream().map(Problem::code).toList();
    }
}
