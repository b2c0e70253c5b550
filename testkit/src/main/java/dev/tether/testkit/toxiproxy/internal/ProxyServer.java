package dev.tether.testkit.toxiproxy.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One proxy: its listener, its toxics and its live connections.
 *
 * <p>Each accepted client is handed at once to a pooled thread that dials the upstream (closing the client at
 * once if the dial fails), so accepting and dialling run concurrently, as the real server's goroutines do;
 * then four pooled threads run the two {@link Link}s. State changes are synchronized on this
 * object; a new connection takes its toxic chains and joins the live set under the same lock, so no toxic
 * change is missed.
 */
final class ProxyServer {
    private static final int DIAL_TIMEOUT_MILLIS = 10_000;
    private static final long ACCEPTOR_EXIT_MILLIS = 5_000;

    final String name;
    private final boolean loopbackByDefault;
    private String listen;
    private String upstream;
    private boolean enabled;
    private final List<ToxicSpec> toxics = new ArrayList<>();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    private Thread acceptor;
    private long generation;

    ProxyServer(String name, String listen, String upstream, boolean loopbackByDefault) {
        this.name = name;
        this.loopbackByDefault = loopbackByDefault;
        this.listen = listen;
        this.upstream = upstream;
    }

    synchronized String listen() {
        return listen;
    }

    synchronized String upstream() {
        return upstream;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    /** The real server's JSON shape: name, listen, upstream, enabled, Logger, toxics. */
    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("listen", listen);
        json.put("upstream", upstream);
        json.put("enabled", enabled);
        // The real server embeds its Proxy struct, whose exported zerolog field marshals as an empty object.
        json.put("Logger", Map.of());
        json.put("toxics", toxicsJson());
        return json;
    }

    /** Upstream toxics first, then downstream, each in insertion order. */
    synchronized List<Object> toxicsJson() {
        List<Object> result = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (ToxicSpec spec : chain(direction)) {
                result.add(spec.toJson());
            }
        }
        return result;
    }

    /** Binds the listener (the stored address, resolved on first bind); a no-op when already enabled. */
    synchronized void start() throws ApiError {
        if (enabled) {
            return;
        }
        InetSocketAddress address;
        try {
            address = bindAddress();
        } catch (IOException | IllegalArgumentException e) {
            // Go reports an address it could not parse or resolve without the address: "listen tcp: ..."
            throw new ApiError(500, "listen tcp: " + e.getMessage());
        }
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, 128);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ApiError(500, "listen tcp " + Addresses.format(address.getAddress(), address.getPort()) + ": "
                    + goStyle(e));
        }
        listener = socket;
        listen = Addresses.format(socket.getInetAddress(), socket.getLocalPort());
        enabled = true;
        long current = ++generation;
        ServerSocket accepting = socket;
        acceptor = DaemonThreads.startDedicated("toxiproxy-" + name + "-accept", () -> acceptLoop(accepting, current));
    }

    /**
     * The address to bind. An empty host ({@code ""}, {@code ":8666"}) means every interface to the real
     * server; here it means loopback unless the API itself was started on a non-loopback address, so a
     * proxy is never exposed to the network unless someone asked for it by name.
     */
    private InetSocketAddress bindAddress() throws IOException {
        String target = listen.isEmpty() ? ":0" : listen;
        InetSocketAddress address = Addresses.resolve(target);
        if (loopbackByDefault && target.startsWith(":")) {
            return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), address.getPort());
        }
        return address;
    }

    /** Closes the listener and every live connection; a no-op when already disabled. */
    synchronized void stop() {
        if (!enabled) {
            return;
        }
        enabled = false;
        generation++;
        closeQuietly(listener);
        listener = null;
        try {
            // The JDK releases a listening socket only once the thread blocked in accept() has left it;
            // waiting here lets an enable or a listen change bind the same address again at once.
            acceptor.join(ACCEPTOR_EXIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        acceptor = null;
        for (ProxiedConnection connection : new ArrayList<>(connections)) {
            connection.closeNow();
        }
        connections.clear();
    }

    /** A partial update already merged with the current values, applied as the real server does. */
    synchronized void update(String newListen, String newUpstream, boolean newEnabled) throws ApiError {
        if (!newListen.equals(listen) || !newUpstream.equals(upstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (newEnabled != enabled) {
            if (newEnabled) {
                start();
            } else {
                stop();
            }
        }
    }

    synchronized boolean hasToxic(String toxicName) {
        return find(toxicName) != null;
    }

    synchronized ToxicSpec toxic(String toxicName) throws ApiError {
        ToxicSpec spec = find(toxicName);
        if (spec == null) {
            throw ApiError.TOXIC_NOT_FOUND;
        }
        return spec;
    }

    synchronized ToxicSpec addToxic(Object body) throws ApiError {
        ToxicSpec spec = ToxicSpec.create(body, this::hasToxic);
        toxics.add(spec);
        for (ProxiedConnection connection : connections) {
            connection.link(spec.direction).addToxic(spec);
        }
        return spec;
    }

    synchronized ToxicSpec updateToxic(String toxicName, Object body) throws ApiError {
        ToxicSpec old = toxic(toxicName);
        ToxicSpec updated = old.update(body);
        toxics.set(toxics.indexOf(old), updated);
        for (ProxiedConnection connection : connections) {
            connection.link(updated.direction).updateToxic(updated);
        }
        return updated;
    }

    synchronized void removeToxic(String toxicName) throws ApiError {
        ToxicSpec spec = toxic(toxicName);
        toxics.remove(spec);
        for (ProxiedConnection connection : connections) {
            connection.link(spec.direction).removeToxic(spec.name);
        }
    }

    synchronized void removeAllToxics() {
        for (ToxicSpec spec : new ArrayList<>(toxics)) {
            try {
                removeToxic(spec.name);
            } catch (ApiError e) {
                throw new IllegalStateException(e);
            }
        }
    }

    void forget(ProxiedConnection connection) {
        connections.remove(connection);
    }

    private ToxicSpec find(String toxicName) {
        for (ToxicSpec spec : toxics) {
            if (spec.name.equals(toxicName)) {
                return spec;
            }
        }
        return null;
    }

    private List<ToxicSpec> chain(Direction direction) {
        List<ToxicSpec> chain = new ArrayList<>();
        for (ToxicSpec spec : toxics) {
            if (spec.direction == direction) {
                chain.add(spec);
            }
        }
        return chain;
    }

    private void acceptLoop(ServerSocket server, long acceptedGeneration) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // the listener was closed: disable, delete or shutdown
            }
            DaemonThreads.start("toxiproxy-" + name + "-dial", () -> dial(client, acceptedGeneration));
        }
    }

    private void dial(Socket client, long acceptedGeneration) {
        String target = upstream();
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(Addresses.resolve(target), DIAL_TIMEOUT_MILLIS);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        ProxiedConnection connection;
        synchronized (this) {
            if (!enabled || acceptedGeneration != generation) {
                closeQuietly(client);
                closeQuietly(server);
                return;
            }
            connection = new ProxiedConnection(this, client, server,
                    chain(Direction.UPSTREAM), chain(Direction.DOWNSTREAM));
            connections.add(connection);
        }
        // Threads start outside the lock: connects in a burst are set up side by side, not one at a time.
        connection.start();
    }

    /** Go's wording for a bind failure, e.g. {@code bind: address already in use}. */
    private static String goStyle(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof java.net.BindException) {
            int paren = message.indexOf(" (");
            message = paren > 0 ? message.substring(0, paren) : message;
            return "bind: " + message.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + message.substring(1);
        }
        return message;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
