package dev.tether.bench;

import dev.tether.testkit.RedisServer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One real {@code redis-server} on loopback with a password, per benchmark trial, shared by every
 * benchmark thread. Tether and raw Lettuce connect to the same kind of server with the same
 * credentials, so both sides pay for HELLO/AUTH alike.
 */
@State(Scope.Benchmark)
public class RedisServerState {
    static final String PASSWORD = "benchPw7f3k9x2q";

    RedisServer server;

    @Setup(Level.Trial)
    public void start() {
        server = RedisServer.withPassword(PASSWORD).start();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code redis://default:PASSWORD@127.0.0.1:PORT/0}, as raw Lettuce gets it. */
    String uri() {
        return "redis://default:" + PASSWORD + "@" + RedisServer.HOST + ":" + server.port() + "/0";
    }
}
