package dev.tether.chaos.harness;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.proxy.FaultProxy;
import eu.rekawek.toxiproxy.model.ToxicList;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What a fault acts on: the real server, the proxy in front of it, and the password the client's
 * configuration source currently holds.
 */
public record FaultEnv(RedisServer server, FaultProxy proxy, AtomicReference<String> passwordSource) {

    public ToxicList toxics() {
        return proxy.proxy().toxics();
    }

    /** Closes every client connection on the server (not the kit's admin connection). */
    public void killClientConnections() {
        server.command("CLIENT", "KILL", "TYPE", "normal");
    }
}
