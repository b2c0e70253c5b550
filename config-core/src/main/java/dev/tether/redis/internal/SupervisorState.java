package dev.tether.redis.internal;

import dev.tether.redis.ConnectionState;

import java.util.concurrent.CompletableFuture;

/**
 * One immutable snapshot of a supervised connection. The supervisor replaces it as a whole inside
 * one lock (each transition below is one atomic step) and everyone else reads it without a lock, so
 * no reader ever sees the link of one state with the phase of another.
 *
 * @param phase          what the application sees
 * @param link           the live physical connection, or {@code null}
 * @param failures       failed attempts since the last success (the backoff step)
 * @param attemptRunning a connect attempt is in flight (attempts never overlap)
 * @param demandSpent    demand already brought this outage's first retry forward
 * @param outageStart    when the current outage began ({@code System.nanoTime()}), or 0
 * @param everConnected  the first connection was made (the readiness gate is open)
 * @param nextLink       completes with the next link to come up; waiters of this snapshot wait on it
 */
record SupervisorState(ConnectionState phase, Link link, int failures, boolean attemptRunning, boolean demandSpent,
                       long outageStart, boolean everConnected, CompletableFuture<Link> nextLink) {

    static SupervisorState initial() {
        return new SupervisorState(ConnectionState.CONNECTING, null, 0, false, false, 0, false, new CompletableFuture<>());
    }

    boolean closed() {
        return phase == ConnectionState.CLOSED;
    }

    /** Whether a connect attempt may start now. */
    boolean mayAttempt() {
        return !closed() && link == null && !attemptRunning;
    }

    SupervisorState attemptStarted() {
        return new SupervisorState(phase, link, failures, true, demandSpent, outageStart, everConnected, nextLink);
    }

    SupervisorState attemptFailed() {
        return new SupervisorState(phase, link, failures + 1, false, demandSpent, outageStart, everConnected, nextLink);
    }

    SupervisorState demandUsed() {
        return new SupervisorState(phase, link, failures, attemptRunning, true, outageStart, everConnected, nextLink);
    }

    /** A new link is up; the waiters of {@link #nextLink} get it, later waiters a fresh future. */
    SupervisorState connected(Link up) {
        return new SupervisorState(ConnectionState.CONNECTED, up, 0, false, false, 0, true, new CompletableFuture<>());
    }

    SupervisorState lost(long now) {
        return new SupervisorState(ConnectionState.RECONNECTING, null, 0, attemptRunning, false, now, everConnected, nextLink);
    }

    SupervisorState bootstrapExpired() {
        return new SupervisorState(ConnectionState.UNAVAILABLE, link, failures, attemptRunning, demandSpent, outageStart, everConnected, nextLink);
    }

    SupervisorState closedNow() {
        return new SupervisorState(ConnectionState.CLOSED, null, failures, attemptRunning, true, outageStart, everConnected, nextLink);
    }

    SupervisorState attemptAbandoned() {
        return new SupervisorState(phase, link, failures, false, demandSpent, outageStart, everConnected, nextLink);
    }
}
