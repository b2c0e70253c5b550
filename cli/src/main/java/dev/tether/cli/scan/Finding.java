package dev.tether.cli.scan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed credential: where it is, what kind it is, and the matched text with the secret
 * already masked ({@code rediss://default:****@host:6379}). A finding never holds the secret itself.
 *
 * @param path the file, as reached from the scanned path
 * @param line 1-based line of the match's start
 * @param kind {@code url-password}, {@code doppler-token} or {@code secret-assignment}
 * @param match the redacted match
 */
public record Finding(String path, int line, String kind, String match) {

    /** {@code path:line: kind: match}, the CLI's line format. */
    @Override
    public String toString() {
        return path + ":" + line + ": " + kind + ": " + match;
    }

    /** The finding as a JSON-ready map with keys {@code path}, {@code line}, {@code kind}, {@code match}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", path);
        map.put("line", line);
        map.put("kind", kind);
        map.put("match", match);
        return map;
    }
}
