package dev.tether.examples.quarkus;

import dev.tether.microprofile.TetherDotEnvSourceFactory;

import dev.tether.testkit.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real redis-server for the app, handed in the way a developer would: a {@code .env} file in
 * docker compose syntax ({@code export}, quotes), which only tether's reader understands.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a test field that receives the running {@link RedisServer}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectRedis {
    }

    private RedisServer server;
    private Path dotEnv;

    @Override
    public Map<String, String> start() {
        server = RedisServer.plain().start();
        try {
            dotEnv = Files.createTempFile("tether-quarkus-", ".env");
            Files.writeString(dotEnv, "# written by RedisTestResource\n"
                    + "export REDIS_URL=\"" + server.uri() + "\"\n"
                    + "REDIS_COMMAND_TIMEOUT='3s'\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(TetherDotEnvSourceFactory.FILE_KEY, dotEnv.toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectRedis.class, RedisServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        try {
            if (dotEnv != null) {
                Files.deleteIfExists(dotEnv);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
