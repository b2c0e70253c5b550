package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.Proxy;

/**
 * A Toxiproxy proxy in front of one upstream, whatever backend runs it. Add toxics, disable or enable it
 * through {@link #proxy()} ({@code toxiproxy-java}); connect clients to {@link #clientHost()}:{@link
 * #clientPort()}, never to the proxy's {@code listen} address, which may be inside a container.
 *
 * <p>Thread-safe as far as {@code toxiproxy-java}'s {@link Proxy} is (each call is one HTTP request).
 */
public interface FaultProxy extends AutoCloseable {

    /** The proxy, for toxics and enable/disable through {@code toxiproxy-java}. */
    Proxy proxy();

    /** The host a client connects to. */
    String clientHost();

    /** The port a client connects to (for the container backend, the mapped port). */
    int clientPort();

    /** {@code host:port} of {@link #clientHost()} and {@link #clientPort()}, e.g. for a Redis URL. */
    default String clientAddress() {
        String host = clientHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + clientPort();
    }

    /** Deletes the proxy, closing its live connections. Idempotent; failures are ignored. */
    @Override
    void close();
}
