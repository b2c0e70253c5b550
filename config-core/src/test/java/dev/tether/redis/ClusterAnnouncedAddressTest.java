package dev.tether.redis;

import ch.qos.logback.classic.Level;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A cluster whose topology announces a node address nothing listens on (a node configured with a
 * wrong {@code cluster-announce-port}, as behind NAT or in a container): tether says so once, naming
 * the address and the fix, and a command for that node's slots is refused "not sent" with the cause.
 */
class ClusterAnnouncedAddressTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void anAnnouncedAddressNobodyListensOnIsWarnedOnceAndNamedInTheRefusalOfItsSlots() throws Exception {
        RedisCluster cluster = resources.add(RedisCluster.builder().primaries(3).replicasPerPrimary(0).start());
        ClusterNode hidden = cluster.nodes().get(0);
        int deadPort = freePort();
        // the client port announced is wrong; the bus port stays right, so the cluster itself stays healthy
        hidden.server().command("CONFIG", "SET", "cluster-announce-bus-port", String.valueOf(hidden.port() + 10000));
        hidden.server().command("CONFIG", "SET", "cluster-announce-port", String.valueOf(deadPort));
        String announced = hidden.host() + ":" + deadPort;
        List<ClusterNode> others = cluster.nodes().subList(1, 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> others.stream()
                .allMatch(n -> n.server().command("CLUSTER", "NODES").contains(announced)));
        String key = keyServedBy(cluster, hidden);

        List<RedisNode> seeds = others.stream().map(n -> new RedisNode(n.host(), n.port())).toList();
        RedisSettings settings = RedisSettings.builder().nodes(seeds).mode(RedisMode.CLUSTER).commandTimeout(Duration.ofSeconds(2)).build();
        try (LogCapture logs = new LogCapture()) {
            SharedRedis redis = resources.add(SharedRedis.start(settings));
            redis.awaitReady(Duration.ofSeconds(20));

            // the other primaries' slots work
            String elsewhere = keyServedBy(cluster, others.get(0));
            assertThat(redis.sync().set(elsewhere, "1")).isEqualTo("OK");
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> redis.sync().set(key, "1")).isInstanceOf(RedisNotSentException.class)
                        .hasMessageContaining("NODE_ADDRESS_UNREACHABLE").hasMessageContaining(announced);
            }
            assertThat(hidden.server().command("EXISTS", key)).isEqualTo("0");

            await().atMost(Duration.ofSeconds(5)).until(() -> warnings(logs, announced).size() == 1);
            // more traffic and topology refreshes (15 s periodic, adaptive on every refusal) do not repeat it
            for (int i = 0; i < 20; i++) {
                try {
                    redis.sync().set(key, "1");
                } catch (RedisNotSentException expected) {
                    Thread.sleep(50);
                }
            }
            String warning = warnings(logs, announced).get(0);
            assertThat(warnings(logs, announced)).hasSize(1);
            assertThat(warning).contains("NODE_ADDRESS_UNREACHABLE").contains(announced).contains("cluster-announce")
                    .contains("configuration endpoint").contains(hidden.id());
        }
    }

    private static List<String> warnings(LogCapture logs, String address) {
        return logs.atLeast(Level.WARN).stream().map(e -> e.getFormattedMessage())
                .filter(m -> m.contains(address) && m.contains("NODE_ADDRESS_UNREACHABLE")).toList();
    }

    private static String keyServedBy(RedisCluster cluster, ClusterNode node) {
        for (int i = 0; ; i++) {
            String key = "announced:" + i;
            if (cluster.primaryFor(key).id().equals(node.id())) {
                return key;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
