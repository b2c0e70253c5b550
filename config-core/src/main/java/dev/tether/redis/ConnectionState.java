package dev.tether.redis;

/** The shared connection's state. */
public enum ConnectionState {
    /** Bootstrap: the first connection has not been made yet. */
    CONNECTING,
    /** Connected and answering. */
    CONNECTED,
    /** Lost; reconnect attempts are running. Commands fail fast with {@link RedisNotSentException}. */
    RECONNECTING,
    /** The bootstrap budget ran out; reconnect attempts continue in the background. */
    UNAVAILABLE,
    /** Closed by the application. */
    CLOSED
}
