package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** One running Toxiproxy server, as a backend of {@link FaultProxies} sees it. */
interface ToxiproxyServer extends AutoCloseable {

    ToxiproxyClient client();

    /** Creates a proxy named {@code name} in front of {@code upstreamHost:upstreamPort}. */
    FaultProxy create(String name, String upstreamHost, int upstreamPort) throws IOException;

    @Override
    void close();

    /** The port of a listen address the server answered, e.g. {@code 127.0.0.1:43785} or {@code [::]:43785}. */
    static int listenPort(String listen) {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** A proxy and where its clients connect; closing deletes it on the server. */
    final class Handle implements FaultProxy {
        private final Proxy proxy;
        private final String clientHost;
        private final int clientPort;
        private final Runnable afterDelete;
        private boolean closed;

        Handle(Proxy proxy, String clientHost, int clientPort, Runnable afterDelete) {
            this.proxy = proxy;
            this.clientHost = clientHost;
            this.clientPort = clientPort;
            this.afterDelete = afterDelete;
        }

        @Override
        public Proxy proxy() {
            return proxy;
        }

        @Override
        public String clientHost() {
            return clientHost;
        }

        @Override
        public int clientPort() {
            return clientPort;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                proxy.delete();
            } catch (IOException e) {
                // the server may be gone already; nothing left to delete
            }
            afterDelete.run();
        }

        @Override
        public String toString() {
            return "FaultProxy[" + proxy.getName() + " " + clientAddress() + " -> " + proxy.getUpstream() + "]";
        }
    }
}
