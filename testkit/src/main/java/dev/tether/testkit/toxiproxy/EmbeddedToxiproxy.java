package dev.tether.testkit.toxiproxy;

import com.sun.net.httpserver.HttpServer;
import dev.tether.testkit.toxiproxy.internal.AllowedHosts;
import dev.tether.testkit.toxiproxy.internal.ApiHandler;
import dev.tether.testkit.toxiproxy.internal.ProxyRegistry;
import dev.tether.testkit.toxiproxy.internal.ReadDeadlines;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Toxiproxy-compatible server running in this JVM: the HTTP API of Toxiproxy {@value #VERSION}
 * (see {@code toxiproxy-api.md}) and the toxics {@code latency}, {@code bandwidth}, {@code slow_close},
 * {@code timeout}, {@code reset_peer}, {@code slicer}, {@code limit_data} and {@code noop}, so that any
 * Toxiproxy client, {@code toxiproxy-java} included, drives it unchanged.
 *
 * <pre>{@code
 * try (EmbeddedToxiproxy toxiproxy = EmbeddedToxiproxy.start("127.0.0.1", 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());
 *     Proxy redis = client.createProxy("redis", "127.0.0.1:0", "127.0.0.1:6379");
 * }
 * }</pre>
 *
 * <p><b>Security.</b> The API answers only requests whose {@code Host} is a loopback name or the host it was
 * started on (DNS rebinding, Shopify/toxiproxy#219), refuses browsers, reads at most 1 MiB per body, and
 * gives each request {@value #READ_TIMEOUT_SECONDS} s to arrive, so slow clients cannot stall it. When it
 * was started on a loopback address, a proxy whose listen address has no host ({@code ":0"}) listens on
 * loopback, not on every interface as in the real server.
 *
 * <p><b>Threads and limits.</b> Blocking sockets: each proxied connection uses four pooled daemon threads
 * (a reader and a writer per direction; the writer also releases delayed bytes on time), plus one accept
 * thread per enabled proxy and up to 16 for the API. That suits tests and local chaos runs with up to a few
 * hundred concurrent connections; it is not meant for production traffic. Each direction holds at most
 * about 4 MiB inside its toxics before it stops reading (back-pressure, as a stalled TCP peer would).
 * Delays are as precise as {@code Condition.awaitNanos} (about a millisecond).
 *
 * <p>This class is thread-safe. {@link #close()} stops the API, every proxy and every connection.
 */
public final class EmbeddedToxiproxy implements AutoCloseable {
    /** The Toxiproxy version whose API this server speaks, as answered by {@code GET /version}. */
    public static final String VERSION = "2.12.0";
    /** How long reading one API request (headers and body) may take; the real server allows 15 s. */
    static final int READ_TIMEOUT_SECONDS = 15;
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(READ_TIMEOUT_SECONDS);

    private final HttpServer server;
    private final ReadDeadlines executor;
    private final ProxyRegistry registry;
    private final String host;
    private final boolean loopbackOnly;
    private final int port;
    private final CountDownLatch closed = new CountDownLatch(1);

    private EmbeddedToxiproxy(HttpServer server, ReadDeadlines executor, ProxyRegistry registry, String host,
                              boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.host = host;
        this.port = server.getAddress().getPort();
    }

    /** Starts on {@code 127.0.0.1} and a free port. */
    public static EmbeddedToxiproxy start() throws IOException {
        return start("127.0.0.1", 0);
    }

    /**
     * Starts the API on {@code host:port}; port 0 picks a free port ({@link #port()} tells which).
     *
     * @throws IOException if the address cannot be bound
     * @throws IllegalArgumentException if the port is out of range
     */
    public static EmbeddedToxiproxy start(String host, int port) throws IOException {
        return start(host, port, DEFAULT_READ_TIMEOUT);
    }

    /** As {@link #start(String, int)}, with the deadline for reading one request (tests use a short one). */
    static EmbeddedToxiproxy start(String host, int port, Duration readTimeout) throws IOException {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        AllowedHosts hosts = AllowedHosts.forServerHost(host);
        ProxyRegistry registry = new ProxyRegistry(hosts.loopbackOnly());
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ReadDeadlines executor = new ReadDeadlines(readTimeout);
        server.createContext("/", new ApiHandler(registry, VERSION, hosts));
        server.setExecutor(executor);
        startAsDaemon(server);
        return new EmbeddedToxiproxy(server, executor, registry, host, hosts.loopbackOnly());
    }

    /**
     * The JDK server's dispatcher thread inherits the daemon flag of the thread that starts it; starting it
     * from a daemon thread keeps a forgotten instance from holding the JVM open.
     */
    private static void startAsDaemon(HttpServer server) throws IOException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "toxiproxy-api-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IOException("interrupted while starting", e);
        }
        if (failure.get() != null) {
            throw new IOException("could not start the API server", failure.get());
        }
    }

    /** The host the API listens on, as given to {@link #start(String, int)}. */
    public String host() {
        return host;
    }

    /**
     * Whether this server keeps to loopback: started on a loopback address, it answers only loopback
     * {@code Host} names and binds proxies without a listen host to loopback.
     */
    public boolean loopbackOnly() {
        return loopbackOnly;
    }

    /** The port the API listens on. */
    public int port() {
        return port;
    }

    /** The base URL of the API, e.g. {@code http://127.0.0.1:8474}. */
    public String apiUrl() {
        String printable = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + printable + ":" + port;
    }

    /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the API, every proxy and every live connection. Idempotent. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (closed.getCount() == 0) {
                return;
            }
            server.stop(0);
            executor.close();
            registry.closeAll();
            closed.countDown();
        }
    }

    /**
     * Runs in the foreground: {@code [--host 127.0.0.1] [--port 8474]}; prints the API URL and blocks
     * until the JVM is stopped (Ctrl-C).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        String host = "127.0.0.1";
        int port = 8474;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--host") && i + 1 < args.length) {
                host = args[++i];
            } else if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: toxiproxy [--host 127.0.0.1] [--port 8474]");
                System.exit(2);
            }
        }
        EmbeddedToxiproxy toxiproxy = start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(toxiproxy::close, "toxiproxy-shutdown"));
        System.out.println("Toxiproxy-compatible server (API " + VERSION + ") listening on " + toxiproxy.apiUrl());
        toxiproxy.awaitClose();
    }

    @Override
    public String toString() {
        return "EmbeddedToxiproxy[" + apiUrl() + "]";
    }
}
