package dev.tether.cli.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of a {@code .tetherignore} file at the top of a scanned folder, one glob a line
 * ({@code #} comments): a pattern with a {@code /} is matched against the path relative to the folder
 * ({@code docs/examples/**}), one without against every name along it ({@code *.md}, {@code fixtures}).
 * Immutable and thread-safe.
 */
final class IgnoreRules {
    static final String FILE_NAME = ".tetherignore";
    private static final IgnoreRules NONE = new IgnoreRules(List.of(), List.of());

    private final List<PathMatcher> byPath;
    private final List<PathMatcher> byName;

    private IgnoreRules(List<PathMatcher> byPath, List<PathMatcher> byName) {
        this.byPath = byPath;
        this.byName = byName;
    }

    /** The rules of {@code dir/.tetherignore}, or none when the file is absent or unreadable. */
    static IgnoreRules of(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        List<PathMatcher> byPath = new ArrayList<>();
        List<PathMatcher> byName = new ArrayList<>();
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.endsWith("/")) {
                    line = line.substring(0, line.length() - 1);
                }
                boolean anchored = line.contains("/");
                String glob = line.startsWith("/") ? line.substring(1) : line;
                try {
                    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                    (anchored ? byPath : byName).add(matcher);
                } catch (IllegalArgumentException e) {
                    // a malformed glob ignores nothing rather than failing the scan
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return NONE;
        }
        return new IgnoreRules(List.copyOf(byPath), List.copyOf(byName));
    }

    /** Whether {@code relative} (to the folder holding the file) is ignored. */
    boolean ignores(Path relative) {
        if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            return false;
        }
        for (PathMatcher m : byPath) {
            if (m.matches(relative)) {
                return true;
            }
        }
        for (Path name : relative) {
            for (PathMatcher m : byName) {
                if (m.matches(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
