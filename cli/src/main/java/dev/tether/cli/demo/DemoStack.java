package dev.tether.cli.demo;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;

/**
 * What the demo runs locally: a real redis-server (testkit's binary lookup: {@code REDIS_SERVER_BIN},
 * {@code PATH}, else the one shipped in a Maven Central jar) and the embedded Toxiproxy-compatible
 * server with one proxy in front of it, all on loopback. {@link #close()} kills the process and frees
 * every port; idempotent and thread-safe (it also runs from a shutdown hook).
 */
final class DemoStack implements AutoCloseable {
    private final RedisServer redis;
    private final EmbeddedToxiproxy toxiproxy;
    private final Proxy proxy;
    private final int proxyPort;

    private DemoStack(RedisServer redis, EmbeddedToxiproxy toxiproxy, Proxy proxy, int proxyPort) {
        this.redis = redis;
        this.toxiproxy = toxiproxy;
        this.proxy = proxy;
        this.proxyPort = proxyPort;
    }

    static DemoStack start() throws IOException {
        RedisServer redis = RedisServer.plain().start();
        EmbeddedToxiproxy toxiproxy = null;
        try {
            toxiproxy = EmbeddedToxiproxy.start("127.0.0.1", 0);
            Proxy proxy = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port())
                    .createProxy("redis", "127.0.0.1:0", RedisServer.HOST + ":" + redis.port());
            String listen = proxy.getListen();
            return new DemoStack(redis, toxiproxy, proxy, Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        } catch (IOException | RuntimeException e) {
            if (toxiproxy != null) {
                toxiproxy.close();
            }
            redis.close();
            throw e;
        }
    }

    /** The proxy, for toxics and enable/disable. */
    Proxy proxy() {
        return proxy;
    }

    /** Where clients connect: the proxy's port on {@code 127.0.0.1}. */
    int proxyPort() {
        return proxyPort;
    }

    int redisPort() {
        return redis.port();
    }

    long redisPid() {
        return redis.pid();
    }

    String redisBinary() {
        return redis.binary().source().toString();
    }

    String toxiproxyUrl() {
        return toxiproxy.apiUrl();
    }

    @Override
    public void close() {
        toxiproxy.close();
        redis.close();
    }
}
