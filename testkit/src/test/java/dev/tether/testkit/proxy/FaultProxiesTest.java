package dev.tether.testkit.proxy;

import dev.tether.testkit.toxiproxy.EchoServer;
import dev.tether.testkit.toxiproxy.EmbeddedToxiproxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FaultProxiesTest {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    private EchoServer echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new EchoServer();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void embeddedBackendPutsAWorkingProxyInFrontOfAServer() throws Exception {
        try (FaultProxies proxies = FaultProxies.start(FaultProxyBackend.EMBEDDED)) {
            FaultProxy proxy = proxies.proxyTo("127.0.0.1", echo.port());

            assertThat(proxies.backend()).isEqualTo(FaultProxyBackend.EMBEDDED);
            assertEndToEnd(proxy);
        }
    }

    @Test
    void closingAFaultProxyDeletesIt() throws Exception {
        try (FaultProxies proxies = FaultProxies.start(FaultProxyBackend.EMBEDDED)) {
            FaultProxy proxy = proxies.proxyTo("gone", "127.0.0.1", echo.port());

            proxy.close();

            assertThat(proxies.client().getProxyOrNull("gone")).isNull();
            assertThatThrownBy(() -> new Socket(proxy.clientHost(), proxy.clientPort()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void backendComesFromTheEnvironment() {
        assertThat(FaultProxies.chooseBackend(Map.of("TETHER_CHAOS_BACKEND", "embedded")::get))
                .isEqualTo(FaultProxyBackend.EMBEDDED);
        assertThat(FaultProxies.chooseBackend(Map.of("TETHER_CHAOS_BACKEND", "Container")::get))
                .isEqualTo(FaultProxyBackend.CONTAINER);
        assertThat(FaultProxies.chooseBackend(Map.of("TETHER_CHAOS_BACKEND", "external")::get))
                .isEqualTo(FaultProxyBackend.EXTERNAL);
        assertThatThrownBy(() -> FaultProxies.chooseBackend(Map.of("TETHER_CHAOS_BACKEND", "docker")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TETHER_CHAOS_BACKEND must be embedded, container or external");
    }

    @Test
    void defaultBackendIsTheContainerWhereDockerAnswersElseEmbedded() {
        assertThat(FaultProxies.chooseBackend(Map.<String, String>of()::get, () -> true)).isEqualTo(FaultProxyBackend.CONTAINER);
        assertThat(FaultProxies.chooseBackend(Map.<String, String>of()::get, () -> false)).isEqualTo(FaultProxyBackend.EMBEDDED);
    }

    @Test
    void aBackendNamedInTheEnvironmentWinsWithoutAskingDocker() {
        assertThat(FaultProxies.chooseBackend(Map.of("TETHER_CHAOS_BACKEND", "embedded")::get, () -> {
            throw new AssertionError("Docker was probed although the environment names the backend");
        })).isEqualTo(FaultProxyBackend.EMBEDDED);
    }

    @Test
    void containerBackendIsSkippedCleanlyWithoutDocker() {
        assumeFalse(FaultProxies.dockerAvailable(), "a Docker engine answers here");

        assertThatThrownBy(() -> FaultProxies.start(FaultProxyBackend.CONTAINER))
                .isInstanceOf(FaultProxyUnavailableException.class)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no Docker engine");
    }

    @Test
    void containerBackendRunsTheRealToxiproxyWhereDockerExists() throws Exception {
        assumeTrue(FaultProxies.dockerAvailable(), "no Docker engine here");

        try (FaultProxies proxies = FaultProxies.start(FaultProxyBackend.CONTAINER)) {
            assertEndToEnd(proxies.proxyTo("127.0.0.1", echo.port()));
        }
    }

    @Test
    void externalBackendUsesTheServerAtTheUrl() throws Exception {
        try (EmbeddedToxiproxy server = EmbeddedToxiproxy.start();
             FaultProxies proxies = FaultProxies.start(FaultProxyBackend.EXTERNAL,
                     Map.of("TOXIPROXY_URL", server.apiUrl())::get)) {
            assertEndToEnd(proxies.proxyTo("127.0.0.1", echo.port()));
        }
    }

    @Test
    void externalBackendWithoutUrlIsUnavailable() {
        assertThatThrownBy(() -> FaultProxies.start(FaultProxyBackend.EXTERNAL, Map.<String, String>of()::get))
                .isInstanceOf(FaultProxyUnavailableException.class).hasMessageContaining("TOXIPROXY_URL is not set");
    }

    private static void assertEndToEnd(FaultProxy proxy) throws Exception {
        try (Socket socket = new Socket(proxy.clientHost(), proxy.clientPort())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            assertThat(roundTripMillis(socket)).isLessThan(2_000);

            proxy.proxy().toxics().latency("lag", ToxicDirection.DOWNSTREAM, 300);
            assertThat(roundTripMillis(socket)).isGreaterThanOrEqualTo(300);

            proxy.proxy().toxics().get("lag").remove();
            proxy.proxy().disable();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static long roundTripMillis(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(PING);
        assertThat(socket.getInputStream().readNBytes(PING.length)).isEqualTo(PING);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
