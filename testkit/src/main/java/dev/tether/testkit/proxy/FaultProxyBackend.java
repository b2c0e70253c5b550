package dev.tether.testkit.proxy;

import java.util.Locale;

/** Where the Toxiproxy server behind {@link FaultProxies} runs. */
public enum FaultProxyBackend {
    /** tether's Toxiproxy-compatible server in this JVM: needs nothing installed. */
    EMBEDDED,
    /** The real Toxiproxy ({@value FaultProxies#TOXIPROXY_IMAGE}) in a Testcontainers container. */
    CONTAINER,
    /** A Toxiproxy server already running at {@code TOXIPROXY_URL}. */
    EXTERNAL;

    /** Parses {@code embedded}, {@code container} or {@code external}, ignoring case. */
    public static FaultProxyBackend parse(String value) {
        for (FaultProxyBackend backend : values()) {
            if (backend.name().equalsIgnoreCase(value.trim())) {
                return backend;
            }
        }
        throw new IllegalArgumentException(FaultProxies.BACKEND_ENV + " must be embedded, container or external, was '"
                + value + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
