package dev.tether.redis;

import dev.tether.diagnosis.Diagnosis;

import io.lettuce.core.event.Event;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to the shared connection. Also published on Lettuce's event bus
 * ({@code ClientResources.eventBus()}), next to Lettuce's own connection events.
 *
 * @param type      what happened
 * @param time      when
 * @param diagnosis the classified cause for {@link Type#DISCONNECTED}, {@link Type#STALLED} and
 *                  {@link Type#RECONNECT_FAILED}; else {@code null}
 * @param outage    for {@link Type#RECOVERED}: how long the connection was down; else {@link Duration#ZERO}
 * @param attempt   for reconnect events: the attempt number; else 0
 */
public record ConnectionEvent(Type type, Instant time, Diagnosis diagnosis, Duration outage, int attempt) implements Event {
    /** Event types. */
    public enum Type {
        /** The first connection is up (readiness gate opens). */
        CONNECTED,
        /** The connection was lost. */
        DISCONNECTED,
        /** The stall watchdog found the server not answering and is replacing the connection. */
        STALLED,
        /** A reconnect attempt failed. */
        RECONNECT_FAILED,
        /** A new connection replaced a lost one. */
        RECOVERED,
        /** The application closed the connection. */
        CLOSED
    }
}
