package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What a probe works with: one proxy, its echo upstream, the server's client, and client sockets. */
final class Rig implements AutoCloseable {
    private final FaultProxy proxy;
    private final ProbeUpstream upstream;
    private final ToxiproxyClient client;
    private final List<Socket> sockets = new ArrayList<>();

    Rig(FaultProxy proxy, ProbeUpstream upstream, ToxiproxyClient client) {
        this.proxy = proxy;
        this.upstream = upstream;
        this.client = client;
    }

    Proxy proxy() {
        return proxy.proxy();
    }

    ProbeUpstream upstream() {
        return upstream;
    }

    ToxiproxyClient client() {
        return client;
    }

    /** A client connection through the proxy, with a watcher on what comes back. */
    Client connect() throws IOException {
        Socket socket = new Socket(proxy.clientHost(), proxy.clientPort());
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        return new Client(socket, StreamEnd.watch(socket, "probe-client-" + sockets.size()));
    }

    record Client(Socket socket, StreamEnd in) {
        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        proxy.close();
        upstream.close();
    }
}
