package dev.tether.redis;

import ch.qos.logback.classic.Level;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A managed provider fails over by re-pointing a DNS name and demoting the old primary: the live
 * connection starts answering {@code READONLY}. tether must notice, look the name up afresh and
 * write to the new primary. The name is re-pointed through the address seam of the builder (the
 * JVM's own DNS cache cannot be steered from a test).
 */
class FailoverBehindANameTest {
    private static final String NAME = "primary.redis.test";
    @RegisterExtension
    final TestResources resources = new TestResources();

    private RedisServer server() {
        return resources.start(RedisServer.plain());
    }

    @Test
    void aPrimaryDemotedUnderALiveConnectionIsLeftForTheServerTheNameNowPointsTo() {
        RedisServer first = server();
        RedisServer second = server();
        AtomicReference<RedisServer> pointsTo = new AtomicReference<>(first);
        try (LogCapture logs = new LogCapture()) {
            SharedRedis redis = SharedRedis.builder(RedisSettings.builder().host(NAME).port(6379).commandTimeout(Duration.ofSeconds(2)).build())
                    .addressMapping(address -> address.getHostString().equals(NAME)
                            ? InetSocketAddress.createUnresolved(pointsTo.get().host(), pointsTo.get().port()) : address)
                    .start();
            resources.add(redis);
            redis.awaitReady(Duration.ofSeconds(10));
            assertThat(redis.sync().set("order:1", "paid")).isEqualTo("OK");

            // The failover: the name moves to the second server, the first becomes its replica.
            pointsTo.set(second);
            first.command("REPLICAOF", second.host(), String.valueOf(second.port()));

            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> "OK".equals(redis.sync().set("order:2", "paid")));
            assertThat(second.command("GET", "order:2")).isEqualTo("paid");
            assertThat(redis.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(logs.atLeast(Level.WARN)).extracting(e -> e.getFormattedMessage()).filteredOn(m -> m.contains("READONLY"))
                    .hasSize(1).first().asString().contains("replica").contains(NAME);
        }
    }
}
