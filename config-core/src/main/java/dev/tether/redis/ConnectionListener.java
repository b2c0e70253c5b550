package dev.tether.redis;

/**
 * Receives {@link ConnectionEvent}s. Called on tether's own threads, never while holding a lock;
 * must not block. A listener that throws is logged and kept.
 */
@FunctionalInterface
public interface ConnectionListener {
    void onEvent(ConnectionEvent event);
}
