package dev.tether.config.internal.dotenv;

import java.util.Objects;

/**
 * One assignment read from a {@code .env} file: the key as written, its final value (quotes removed,
 * escapes and interpolation applied) and the 1-based line the statement starts on.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the value: it may be a password.
 *
 * @param key   the key as written in the file (after any {@code export} prefix)
 * @param value the resolved value, never {@code null}
 * @param line  the 1-based line number of the key
 */
public record DotEnvEntry(String key, String value, int line) {

    /** Checks that key and value are present and the line is positive. */
    public DotEnvEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, was " + line);
        }
    }

    /** The key and line, with the value hidden. */
    @Override
    public String toString() {
        return "DotEnvEntry[key=" + key + ", line=" + line + ", value=****]";
    }
}
