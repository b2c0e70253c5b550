package dev.tether.config;

import java.util.Objects;

/**
 * Where a value came from: the source's short name ({@code sysprop}, {@code env}, {@code .env},
 * {@code doppler:<project>/<config>}, {@code application.properties}, {@code default}), its
 * location when it has one ({@code .env:12}), and its ordinal (higher wins).
 *
 * @param name     short source name
 * @param location file and line, or {@code null}
 * @param ordinal  the source's ordinal
 */
public record SettingSource(String name, String location, int ordinal) {

    /** The source of built-in defaults. */
    public static final SettingSource DEFAULT = new SettingSource("default", null, Integer.MIN_VALUE);

    public SettingSource {
        Objects.requireNonNull(name, "name");
    }

    /** The location when there is one, else the name: what a person wants to read. */
    @Override
    public String toString() {
        return location != null ? location : name;
    }
}
