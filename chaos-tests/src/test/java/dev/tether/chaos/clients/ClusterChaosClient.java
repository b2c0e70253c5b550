package dev.tether.chaos.clients;

import java.time.Duration;

/**
 * A cluster- or Sentinel-capable client as the cluster chaos runs drive it: SET, INCR and GET, called by several
 * worker threads at once. Implementations are thread-safe.
 */
public interface ClusterChaosClient extends AutoCloseable {

    /** Blocks until a write can be served; throws when it cannot within {@code max}. */
    void awaitReady(Duration max);

    /** SET; returns the reply ("OK"). */
    String set(String key, String value);

    /** INCR; returns the new value. */
    long incr(String key);

    /** GET; the value or {@code null}. */
    String get(String key);

    /** Whether {@code error} guarantees the command was never written; only tether says so. */
    default boolean neverSent(Throwable error) {
        return false;
    }

    /** Whether this client signals "never written"; when not, phantom writes cannot be measured. */
    default boolean signalsNotSent() {
        return false;
    }

    /** Releases everything; returns within a few seconds even while calls are stuck. */
    @Override
    void close();
}
