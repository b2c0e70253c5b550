package dev.tether.testkit.proxy;

import org.opentest4j.TestAbortedException;

/**
 * The chosen backend cannot run here (no Docker engine, no {@code TOXIPROXY_URL}, server not answering).
 * It is a {@link TestAbortedException}, so a JUnit test that asks for an unavailable backend is reported
 * as skipped, not failed.
 */
public final class FaultProxyUnavailableException extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    public FaultProxyUnavailableException(String message) {
        super(message);
    }

    public FaultProxyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
