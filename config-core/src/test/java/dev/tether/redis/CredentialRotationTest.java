package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Credentials re-read on every authentication failure, off the event loop, shared with dedicated connections. */
class CredentialRotationTest {
    private static final String OLD = "canary-old-pw-7310";
    private static final String NEW = "canary-new-pw-4482";
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aStoreThatLagsTheServerByOneSecondIsPickedUpAndDedicatedConnectionsUseTheNewPassword() throws Exception {
        RedisServer server = RedisServer.withPassword(OLD);
        resources.add(server);
        server.start();
        AtomicReference<String> store = new AtomicReference<>(OLD);
        Set<String> readOn = ConcurrentHashMap.newKeySet();
        RedisSettings base = RedisSettings.builder().host(server.host()).port(server.port()).password(Secret.of(OLD))
                .commandTimeout(Duration.ofSeconds(2)).build();
        try (LogCapture logs = new LogCapture()) {
            SharedRedis redis = SharedRedis.builder(base).credentialsSource(() -> {
                readOn.add(Thread.currentThread().getName());
                return base.toBuilder().password(Secret.of(store.get())).build();
            }).start();
            resources.add(redis);
            redis.awaitReady(Duration.ofSeconds(10));

            server.setPassword(NEW);
            server.command("CLIENT", "KILL", "TYPE", "normal");
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.state() == ConnectionState.RECONNECTING);
            Thread.sleep(1_000); // the store catches up one second after the server
            store.set(NEW);

            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> "PONG".equals(redis.sync().ping()));
            try (DedicatedConnection dedicated = redis.dedicated()) {
                assertThat(dedicated.sync().ping()).isEqualTo("PONG");
            }
            assertThat(readOn).isNotEmpty().noneMatch(name -> name.startsWith("lettuce-"));
            assertThat(logs.text()).doesNotContain(OLD).doesNotContain(NEW)
                    .doesNotContain("dedicated connection #1 to"); // it never failed: it started from the current password
        }
    }
}
