package dev.tether.testkit.toxiproxy.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection and its upstream connection, joined by two {@link Link}s. When a link's stream
 * ends it closes its target socket; the other link then sees its source closed and ends in turn, so a
 * close on either side travels through the toxics of the other direction, as in the real server.
 */
final class ProxiedConnection {
    private static final AtomicLong IDS = new AtomicLong();

    private final ProxyServer proxy;
    private final Socket client;
    private final Socket upstream;
    private final Link up;
    private final Link down;
    private final String name;

    ProxiedConnection(ProxyServer proxy, Socket client, Socket upstream, List<ToxicSpec> upChain,
                      List<ToxicSpec> downChain) {
        this.proxy = proxy;
        this.client = client;
        this.upstream = upstream;
        this.up = new Link(this, Direction.UPSTREAM, client, upstream, upChain);
        this.down = new Link(this, Direction.DOWNSTREAM, upstream, client, downChain);
        this.name = "toxiproxy-" + proxy.name + "-" + IDS.incrementAndGet();
        // Like the real server (link.go lines 95-107, run by each link as it starts): a reset_peer in either
        // chain, whatever its toxicity, sets SO_LINGER 0 on the link's source AND destination, i.e. on both
        // sockets; it stays set after the toxic goes, so any later close of this connection is an RST.
        if (hasResetPeer(upChain) || hasResetPeer(downChain)) {
            lingerZero(client);
            lingerZero(upstream);
        }
    }

    private static boolean hasResetPeer(List<ToxicSpec> chain) {
        for (ToxicSpec spec : chain) {
            if (spec.type == ToxicType.RESET_PEER) {
                return true;
            }
        }
        return false;
    }

    private static void lingerZero(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // the socket is already gone; nothing to reset
        }
    }

    void start() {
        up.start(name + "-up");
        down.start(name + "-down");
    }

    Link link(Direction direction) {
        return direction == Direction.UPSTREAM ? up : down;
    }

    /** A link's stream reached its end (or its target broke): close the target; finish when both are. */
    void streamEnded(Link link) {
        targetClosing(link);
        closeQuietly(link.target);
        if (client.isClosed() && upstream.isClosed()) {
            finish();
        }
    }

    /** A link is about to close its target socket: the other link, which reads from it, stops forwarding. */
    void targetClosing(Link link) {
        link(link.direction == Direction.UPSTREAM ? Direction.DOWNSTREAM : Direction.UPSTREAM).sourceClosing();
    }

    /** Closes both sides at once (disable, delete, listen or upstream change). */
    void closeNow() {
        closeQuietly(client);
        closeQuietly(upstream);
        finish();
    }

    private void finish() {
        up.terminate();
        down.terminate();
        proxy.forget(this);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
