package dev.tether.chaos.clients;

import java.time.Duration;

/**
 * A Redis client as the chaos harness drives it: readiness, one write, one read, and what the client
 * tells about its failures and connection replacements. Implementations must be safe for the
 * harness's worker threads to call concurrently.
 */
public interface ChaosClient extends AutoCloseable {

    /** Blocks until the client can serve commands; throws when it cannot within {@code max}. */
    void awaitReady(Duration max);

    /** SET; returns the reply ("OK"). */
    String set(String key, String value);

    /** GET; returns the value or {@code null}. */
    String get(String key);

    /** Whether {@code error} guarantees the command was never written (a retry is safe); only tether says so. */
    default boolean neverSent(Throwable error) {
        return false;
    }

    /** Whether this client signals "never written"; when not, phantom writes cannot be measured. */
    default boolean signalsNotSent() {
        return false;
    }

    /**
     * When (System.nanoTime) the client first dropped or replaced its connection at or after {@code sinceNanos},
     * or {@code null} when it did not (or cannot tell).
     */
    default Long connectionDroppedAfter(long sinceNanos) {
        return null;
    }

    /** Releases everything; must return within a few seconds even when calls are stuck. */
    @Override
    void close();
}
