package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A blocking read that the server ends with {@code -UNBLOCKED} (its primary became a replica in a failover, or an
 * operator ran {@code CLIENT UNBLOCK ... ERROR}) popped nothing: the consumer gets tether's "not applied, retry is safe"
 * exception, as for {@code CLUSTERDOWN}, not a raw server error reply that ends a worker loop.
 */
class UnblockedBlockingReadTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void aBlockingPopUnblockedByARoleChangeFailsAsNotAppliedAndPopsNothing() {
        RedisServer server = resources.start(RedisServer.plain());
        RedisServer other = resources.start(RedisServer.plain());
        SharedRedis redis = resources.add(SharedRedis.start(RedisSettings.builder().host(server.host()).port(server.port()).build()));
        redis.awaitReady(Duration.ofSeconds(30));
        DedicatedConnection consumer = resources.add(redis.dedicated());

        CompletableFuture<KeyValue<String, String>> pop = CompletableFuture.supplyAsync(() -> consumer.sync().brpop(20, "jobs"));
        await("the consumer blocks").atMost(Duration.ofSeconds(10))
                .until(() -> server.command("CLIENT", "LIST").contains("cmd=brpop"));
        server.command("REPLICAOF", other.host(), Integer.toString(other.port()));   // what a failover does to the old primary

        Throwable failure = catchThrowable(pop::join);
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(RedisNotSentException.class).hasMessageContaining("UNBLOCKED")
                .hasMessageContaining("retrying is safe");
    }
}
