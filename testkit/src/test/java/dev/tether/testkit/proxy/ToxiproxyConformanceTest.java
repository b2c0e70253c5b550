package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.AfterAll;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the one probe script ({@link ToxiproxyProbes}) against tether's embedded Toxiproxy server and, where
 * one can run here, against the real one, and fails on any difference in what a client and the upstream
 * observe. The real server comes from {@code TOXIPROXY_SERVER_BIN} (a {@code toxiproxy-server} binary,
 * started on a free port), else {@code TOXIPROXY_URL} (one already running), else a Docker engine
 * (Testcontainers); without any of them that half is skipped and says so.
 *
 * <p>Behind Docker's userland port proxy a client may see a FIN where the server sent an RST; prefer the
 * binary for the client-side facts.
 */
class ToxiproxyConformanceTest {
    static final String SERVER_BIN_ENV = "TOXIPROXY_SERVER_BIN";

    private static final List<AutoCloseable> TO_CLOSE = new ArrayList<>();

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable closeable : TO_CLOSE) {
            closeable.close();
        }
        TO_CLOSE.clear();
    }

    @TestFactory
    Stream<DynamicTest> embeddedServerObservesWhatTheRealServerDoes() {
        FaultProxies embedded = FaultProxies.start(FaultProxyBackend.EMBEDDED);
        TO_CLOSE.add(embedded);
        return ToxiproxyProbes.all().stream().map(probe -> DynamicTest.dynamicTest(probe.name(),
                () -> assertThat(run(probe, embedded)).as("embedded server: " + probe.name())
                        .containsExactlyEntriesOf(probe.realServer())));
    }

    /** One test, not a factory, so that its skip and the reason show in the report. */
    @Test
    void realServerObservesTheSameAsTheEmbeddedOne() throws Exception {
        FaultProxies real = realServer();
        FaultProxies embedded = FaultProxies.start(FaultProxyBackend.EMBEDDED);
        TO_CLOSE.add(embedded);
        SoftAssertions differences = new SoftAssertions();
        for (Probe probe : ToxiproxyProbes.all()) {
            Map<String, String> fromReal = run(probe, real);
            differences.assertThat(run(probe, embedded)).as("embedded vs real server: " + probe.name())
                    .containsExactlyEntriesOf(fromReal);
            differences.assertThat(fromReal).as("real server vs the expectations from its source: " + probe.name())
                    .containsExactlyEntriesOf(probe.realServer());
        }
        differences.assertAll();
    }

    /** The probe's observation: of one run, or the most frequent of its runs. */
    private static Map<String, String> run(Probe probe, FaultProxies proxies) throws Exception {
        Map<Map<String, String>, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < probe.runs(); i++) {
            ProbeUpstream upstream = new ProbeUpstream();
            try (Rig rig = new Rig(proxies.proxyTo("127.0.0.1", upstream.port()), upstream, proxies.client())) {
                seen.merge(probe.script().run(rig), 1, Integer::sum);
            }
        }
        return Collections.max(seen.entrySet(), Map.Entry.comparingByValue()).getKey();
    }

    /** The real server, or a skip that says why there is none. */
    private static FaultProxies realServer() throws Exception {
        String bin = System.getenv(SERVER_BIN_ENV);
        if (bin != null && !bin.isBlank()) {
            String url = startBinary(bin);
            FaultProxies proxies = external(url);
            TO_CLOSE.add(proxies);
            return proxies;
        }
        String url = System.getenv(FaultProxies.URL_ENV);
        if (url != null && !url.isBlank()) {
            FaultProxies proxies = external(url);
            TO_CLOSE.add(proxies);
            return proxies;
        }
        assumeTrue(FaultProxies.dockerAvailable(), "no real Toxiproxy server here: set " + SERVER_BIN_ENV
                + " to a toxiproxy-server binary or " + FaultProxies.URL_ENV + " to a running server, or provide a "
                + "Docker engine; the embedded half still checks the real server's expected observations");
        FaultProxies proxies = FaultProxies.start(FaultProxyBackend.CONTAINER);
        TO_CLOSE.add(proxies);
        return proxies;
    }

    private static FaultProxies external(String url) {
        return FaultProxies.start(FaultProxyBackend.EXTERNAL,
                name -> name.equals(FaultProxies.URL_ENV) ? url : System.getenv(name));
    }

    private static String startBinary(String bin) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Path.of("target", "toxiproxy-server.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(bin, "-host", "127.0.0.1", "-port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TO_CLOSE.add(() -> {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
        ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                client.version();
                return "http://127.0.0.1:" + port;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(new File(bin).getName() + " did not answer on port " + port
                            + "; see " + log.toAbsolutePath(), e);
                }
                Thread.sleep(50); // waiting for a process we started to listen
            }
        }
    }
}
