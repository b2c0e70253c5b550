package dev.tether.config;

/** How bad a {@link Problem} is. Only {@link #ERROR} makes settings invalid. */
public enum Severity {
    /** The settings cannot be used. */
    ERROR,
    /** The settings work but something is risky or was adjusted. */
    WARNING,
    /** Worth knowing. */
    INFO
}
