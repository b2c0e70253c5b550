package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.net.URI;

/**
 * The external backend: a Toxiproxy server already running at {@code TOXIPROXY_URL}. Proxies listen on
 * loopback when the server is local, on every interface otherwise; clients connect to the URL's host.
 */
final class ExternalServer implements ToxiproxyServer {
    private final String host;
    private final ToxiproxyClient client;

    private ExternalServer(String host, ToxiproxyClient client) {
        this.host = host;
        this.client = client;
    }

    static ExternalServer connect(String url) {
        if (url == null || url.isBlank()) {
            throw new FaultProxyUnavailableException(FaultProxies.URL_ENV + " is not set: the external backend "
                    + "needs the URL of a running Toxiproxy server, e.g. http://127.0.0.1:8474");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FaultProxies.URL_ENV + " is not a URL: " + url, e);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(FaultProxies.URL_ENV + " has no host: " + url);
        }
        int port = uri.getPort() < 0 ? 8474 : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        ToxiproxyClient client = new ToxiproxyClient(host, port);
        try {
            client.version();
        } catch (IOException e) {
            throw new FaultProxyUnavailableException("no Toxiproxy answers at " + url + ": " + e.getMessage(), e);
        }
        return new ExternalServer(host, client);
    }

    @Override
    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public FaultProxy create(String name, String upstreamHost, int upstreamPort) throws IOException {
        Proxy stale = client.getProxyOrNull(name);
        if (stale != null) {
            stale.delete(); // left over from an earlier run against the same server
        }
        String listen = ToxiproxyServer.isLoopback(host) ? "127.0.0.1:0" : "0.0.0.0:0";
        Proxy proxy = client.createProxy(name, listen, ToxiproxyServer.hostPort(upstreamHost, upstreamPort));
        return new Handle(proxy, ToxiproxyServer.isLoopback(host) ? "127.0.0.1" : host,
                ToxiproxyServer.listenPort(proxy.getListen()), () -> { });
    }

    @Override
    public void close() {
        // the server is not ours to stop
    }

    @Override
    public String toString() {
        return "external Toxiproxy for " + host;
    }
}
