package dev.tether.testkit.proxy;

import dev.tether.testkit.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;

/** The embedded backend: an {@link EmbeddedToxiproxy} on loopback, proxies on loopback. */
final class EmbeddedServer implements ToxiproxyServer {
    private final EmbeddedToxiproxy toxiproxy;
    private final ToxiproxyClient client;

    private EmbeddedServer(EmbeddedToxiproxy toxiproxy) {
        this.toxiproxy = toxiproxy;
        this.client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());
    }

    static EmbeddedServer start() {
        try {
            return new EmbeddedServer(EmbeddedToxiproxy.start("127.0.0.1", 0));
        } catch (IOException e) {
            throw new FaultProxyUnavailableException("the embedded Toxiproxy could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public FaultProxy create(String name, String upstreamHost, int upstreamPort) throws IOException {
        Proxy proxy = client.createProxy(name, "127.0.0.1:0", ToxiproxyServer.hostPort(upstreamHost, upstreamPort));
        return new Handle(proxy, "127.0.0.1", ToxiproxyServer.listenPort(proxy.getListen()), () -> { });
    }

    @Override
    public void close() {
        toxiproxy.close();
    }

    @Override
    public String toString() {
        return "embedded Toxiproxy at " + toxiproxy.apiUrl();
    }
}
