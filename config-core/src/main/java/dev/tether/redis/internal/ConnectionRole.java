package dev.tether.redis.internal;

/** Who uses a connection, which decides which {@link CommandKind}s it accepts. */
public enum ConnectionRole {
    /** The one connection every thread shares. */
    SHARED("the shared Redis connection (other threads' commands share it)"),
    /** A connection of its own for one consumer; tether replaces it after a loss. */
    DEDICATED("a dedicated Redis connection (tether replaces it after a loss, so per-connection state would silently vanish)"),
    /** The view a {@code transaction(...)} body gets. */
    TRANSACTION("a transaction view (tether sends MULTI/EXEC/DISCARD itself)"),
    /** The batching connection every {@code pipeline(...)} caller shares. */
    PIPELINE("the pipelining connection (other threads' batches share it)");

    private final String description;

    ConnectionRole(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
