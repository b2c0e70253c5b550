package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Puts Toxiproxy proxies in front of servers, on whichever backend this machine offers, so one chaos
 * suite runs with or without Docker:
 * <ul>
 *   <li>{@code TETHER_CHAOS_BACKEND=embedded}: tether's in-JVM Toxiproxy-compatible server;</li>
 *   <li>{@code container}: the real Toxiproxy ({@value #TOXIPROXY_IMAGE}) via Testcontainers;</li>
 *   <li>{@code external}: a running Toxiproxy at {@code TOXIPROXY_URL};</li>
 *   <li>unset: {@code container} when a Docker engine answers, else {@code embedded}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FaultProxies proxies = FaultProxies.start();
 *      FaultProxy redis = proxies.proxyTo("127.0.0.1", redisPort)) {
 *     connect(redis.clientHost(), redis.clientPort());
 *     redis.proxy().toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
 * }
 * }</pre>
 *
 * <p>An unavailable backend (no Docker engine, no URL, no answer) throws
 * {@link FaultProxyUnavailableException}, which JUnit reports as a skipped test. Thread-safe.
 */
public final class FaultProxies implements AutoCloseable {
    /** The environment variable that picks the backend. */
    public static final String BACKEND_ENV = "TETHER_CHAOS_BACKEND";
    /** The environment variable with the URL of the server for the {@code external} backend. */
    public static final String URL_ENV = "TOXIPROXY_URL";
    /** The image of the {@code container} backend. */
    public static final String TOXIPROXY_IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static volatile Boolean dockerAvailable;

    private final FaultProxyBackend backend;
    private final ToxiproxyServer server;
    private final List<FaultProxy> proxies = new ArrayList<>();
    private boolean closed;

    private FaultProxies(FaultProxyBackend backend, ToxiproxyServer server) {
        this.backend = backend;
        this.server = server;
    }

    /** Starts the backend named by {@code TETHER_CHAOS_BACKEND} (or the default, see above). */
    public static FaultProxies start() {
        return start(System::getenv);
    }

    /**
     * Starts the given backend.
     *
     * @throws FaultProxyUnavailableException if it cannot run here
     */
    public static FaultProxies start(FaultProxyBackend backend) {
        return start(backend, System::getenv);
    }

    static FaultProxies start(Function<String, String> environment) {
        return start(chooseBackend(environment), environment);
    }

    static FaultProxies start(FaultProxyBackend backend, Function<String, String> environment) {
        Objects.requireNonNull(backend, "backend");
        switch (backend) {
            case CONTAINER: return new FaultProxies(backend, ContainerServer.start());
            case EXTERNAL: return new FaultProxies(backend, ExternalServer.connect(environment.apply(URL_ENV)));
            default: return new FaultProxies(backend, EmbeddedServer.start());
        }
    }

    /** The backend {@link #start()} would use. */
    public static FaultProxyBackend chooseBackend() {
        return chooseBackend(System::getenv);
    }

    static FaultProxyBackend chooseBackend(Function<String, String> environment) {
        return chooseBackend(environment, FaultProxies::dockerAvailable);
    }

    /** The choice itself, with the Docker probe passed in so that a test can give either answer. */
    static FaultProxyBackend chooseBackend(Function<String, String> environment, BooleanSupplier dockerAnswers) {
        String chosen = environment.apply(BACKEND_ENV);
        if (chosen != null && !chosen.isBlank()) {
            return FaultProxyBackend.parse(chosen);
        }
        return dockerAnswers.getAsBoolean() ? FaultProxyBackend.CONTAINER : FaultProxyBackend.EMBEDDED;
    }

    /** Whether a Docker engine answers; never throws, asks Testcontainers once per JVM. */
    public static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known == null) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) { // Testcontainers may fail in many ways on a machine without Docker
                available = false;
            }
            dockerAvailable = known = available;
        }
        return known;
    }

    /** The backend in use. */
    public FaultProxyBackend backend() {
        return backend;
    }

    /** A {@code toxiproxy-java} client for the server, e.g. for {@code reset()}. */
    public ToxiproxyClient client() {
        return server.client();
    }

    /** A proxy with a generated name in front of {@code upstreamHost:upstreamPort}. */
    public FaultProxy proxyTo(String upstreamHost, int upstreamPort) throws IOException {
        return proxyTo("tether-" + NAMES.incrementAndGet(), upstreamHost, upstreamPort);
    }

    /**
     * A proxy named {@code name} in front of {@code upstreamHost:upstreamPort} (as seen from this host:
     * the container backend translates loopback addresses). Closed with this object if not before.
     *
     * @throws IOException if the server refuses it (e.g. the name exists: {@code [409] proxy already exists})
     */
    public synchronized FaultProxy proxyTo(String name, String upstreamHost, int upstreamPort) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstreamHost, "upstreamHost");
        if (upstreamPort < 1 || upstreamPort > 65535) {
            throw new IllegalArgumentException("upstreamPort must be in 1..65535, was " + upstreamPort);
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        FaultProxy proxy = server.create(name, upstreamHost, upstreamPort);
        proxies.add(proxy);
        return proxy;
    }

    /** Deletes every proxy made here and stops the backend's server if this object started it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        proxies.forEach(FaultProxy::close);
        proxies.clear();
        server.close();
    }

    @Override
    public String toString() {
        return "FaultProxies[" + backend + ": " + server + "]";
    }
}
