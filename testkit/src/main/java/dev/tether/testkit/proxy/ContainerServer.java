package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.testcontainers.Testcontainers;
import org.testcontainers.toxiproxy.ToxiproxyContainer;

import java.io.IOException;
import java.util.BitSet;

/**
 * The container backend: the real Toxiproxy in a Testcontainers container. Proxies listen on the
 * container's exposed ports 8666–8697 (so at most 32 at a time); clients connect to the mapped ports. An
 * upstream on this host's loopback is reached from the container through
 * {@code host.testcontainers.internal}, with the port exposed via {@link Testcontainers#exposeHostPorts}.
 */
final class ContainerServer implements ToxiproxyServer {
    private static final int FIRST_PORT = 8666;
    private static final int PORT_COUNT = 32;
    private static final String HOST_FROM_CONTAINER = "host.testcontainers.internal";

    private final ToxiproxyContainer container;
    private final ToxiproxyClient client;
    private final BitSet usedPorts = new BitSet(PORT_COUNT);

    private ContainerServer(ToxiproxyContainer container) {
        this.container = container;
        this.client = new ToxiproxyClient(container.getHost(), container.getControlPort());
    }

    static ContainerServer start() {
        if (!FaultProxies.dockerAvailable()) {
            throw new FaultProxyUnavailableException("no Docker engine answers: the container backend needs one "
                    + "(set " + FaultProxies.BACKEND_ENV + "=embedded to run without Docker)");
        }
        ToxiproxyContainer container = new ToxiproxyContainer(FaultProxies.TOXIPROXY_IMAGE).withAccessToHost(true);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new FaultProxyUnavailableException("the Toxiproxy container did not start: " + e.getMessage(), e);
        }
        return new ContainerServer(container);
    }

    @Override
    public ToxiproxyClient client() {
        return client;
    }

    @Override
    public synchronized FaultProxy create(String name, String upstreamHost, int upstreamPort) throws IOException {
        int slot = usedPorts.nextClearBit(0);
        if (slot >= PORT_COUNT) {
            throw new IllegalStateException("the Toxiproxy container exposes " + PORT_COUNT + " proxy ports; all are "
                    + "in use: close a FaultProxy first");
        }
        String upstream;
        if (ToxiproxyServer.isLoopback(upstreamHost)) {
            Testcontainers.exposeHostPorts(upstreamPort);
            upstream = HOST_FROM_CONTAINER + ":" + upstreamPort;
        } else {
            upstream = ToxiproxyServer.hostPort(upstreamHost, upstreamPort);
        }
        int port = FIRST_PORT + slot;
        Proxy proxy = client.createProxy(name, "0.0.0.0:" + port, upstream);
        usedPorts.set(slot);
        return new Handle(proxy, container.getHost(), container.getMappedPort(port), () -> release(slot));
    }

    private synchronized void release(int slot) {
        usedPorts.clear(slot);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Toxiproxy container " + FaultProxies.TOXIPROXY_IMAGE;
    }
}
