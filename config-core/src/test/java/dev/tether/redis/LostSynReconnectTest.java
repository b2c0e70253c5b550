package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.netns.NetworkFault;
import dev.tether.testkit.netns.NetworkNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connect whose SYN was lost (SYNs dropped by a firewall, a blackholed route) must not wait for the
 * kernel's SYN retransmission (1 s, then 3 s after the first) once the path is back: the readiness
 * probe sees the port accept and a fresh connect joins the pending attempt. Real kernel faults: the
 * server in a network namespace, SYNs dropped by nftables; skipped without root, {@code ip netns} or
 * {@code nft}.
 */
class LostSynReconnectTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void connectsWithinAFractionOfTheKernelsSynRetryOnceSynsPassAgain() throws Exception {
        NetworkNamespace namespace = resources.add(NetworkNamespace.create());
        RedisServer server = resources.start(RedisServer.builder().in(namespace).build());
        namespace.apply(NetworkFault.DROP_SYN, server.port());

        // Timeouts long enough that no attempt ends before the kernel's SYN retransmissions do (at 1 s, 3 s, 7 s)
        SharedRedis redis = resources.add(SharedRedis.builder(RedisSettings.builder().host(server.host()).port(server.port())
                .connectTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(10)).build())
                .bootstrapBudget(Duration.ofSeconds(20)).start());
        // The first SYN and its first retransmission (at 1 s) are lost; the kernel's next one is due 3 s after the first.
        Thread.sleep(1_300);
        assertThat(redis.state()).isNotEqualTo(ConnectionState.CONNECTED);
        namespace.clear();
        long cleared = System.nanoTime();
        redis.awaitReady(Duration.ofSeconds(10));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cleared);

        assertThat(redis.sync().ping()).isEqualTo("PONG");
        // generous for a loaded machine; without the probe the kernel's retry comes ~1.7 s after the clear
        assertThat(tookMs).isLessThan(1_000);
    }
}
