package dev.tether.redis;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plaintext server that answered before and now resets every new connection (a proxy's
 * {@code reset_peer}, a restart behind a load balancer) is a reset on the way, not a TLS-only server:
 * the attempts are classified {@code CONNECTION_RESET}, retried at the short step, and the connection is
 * back within tens of milliseconds of the fault's end.
 */
class ResetWhileReconnectingTest {
    @RegisterExtension
    final TestResources resources = new TestResources();

    @Test
    void resetsWhileReconnectingToAPlaintextServerThatAnsweredBeforeAreNotCalledTlsExpected() throws Exception {
        RedisServer server = resources.add(RedisServer.plain());
        server.start();
        FaultProxies proxies = resources.add(FaultProxies.start());
        FaultProxy proxy = resources.add(proxies.proxyTo(server.host(), server.port()));
        RedisSettings settings = RedisSettings.builder().host(proxy.clientHost()).port(proxy.clientPort()).build();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        SharedRedis redis = resources.add(SharedRedis.builder(settings).listener(events::add).start());
        redis.awaitReady(Duration.ofSeconds(10));

        proxy.proxy().toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
        redis.async().ping(); // traffic: the proxy resets the live connection when it carries data
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .filter(e -> e.type() == ConnectionEvent.Type.RECONNECT_FAILED).count() >= 3);
        proxy.proxy().toxics().get("reset").remove();
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.state() == ConnectionState.CONNECTED);

        assertThat(redis.sync().ping()).isEqualTo("PONG");
        assertThat(events).filteredOn(e -> e.type() == ConnectionEvent.Type.RECONNECT_FAILED)
                .extracting(e -> e.diagnosis().code())
                .doesNotContain(DiagnosisCode.TLS_EXPECTED)
                .containsAnyOf(DiagnosisCode.CONNECTION_RESET, DiagnosisCode.CONNECTION_CLOSED);
    }
}
