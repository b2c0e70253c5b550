package dev.tether.redis;

import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (servers, SharedRedis instances, sockets), closed last-first after each test. */
final class TestResources implements AfterEachCallback {
    private final List<AutoCloseable> open = new ArrayList<>();

    <T extends AutoCloseable> T add(T resource) {
        open.add(resource);
        return resource;
    }

    /** Starts a server that is stopped after the test. */
    RedisServer start(RedisServer server) {
        return add(server).start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
