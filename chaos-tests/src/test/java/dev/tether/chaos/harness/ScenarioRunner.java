package dev.tether.chaos.harness;

import dev.tether.chaos.clients.ChaosClient;
import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.clients.Target;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Runs one scenario end to end with real parts: a fresh redis-server (plain or TLS-only, with a canary
 * password), a fault proxy in front of it, the client under test pointed at the proxy, steady traffic, the
 * fault, recovery, then verification over a direct admin connection. Not thread-safe: one run at a time.
 */
public final class ScenarioRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    private static final String BIG_KEY = "big";

    private final FaultProxies proxies;
    private final LogTap logTap = LogTap.install();
    private TestCertificates certificates;

    public ScenarioRunner() {
        this.proxies = FaultProxies.start();
        LOG.info("fault proxies: {}", proxies);
    }

    public String backend() {
        return proxies.backend().name().toLowerCase();
    }

    public LogTap logTap() {
        return logTap;
    }

    public ScenarioResult run(Scenario scenario, Transport transport, ClientKind kind, RunLimits limits) throws Exception {
        AtomicReference<String> password = new AtomicReference<>(Canaries.newPassword());
        try (RedisServer server = server(scenario, transport, password.get());
             FaultProxy proxy = proxies.proxyTo(server.host(), server.port())) {
            FaultEnv env = new FaultEnv(server, proxy, password);
            String bigValue = null;
            if (scenario.kind() == Scenario.Kind.BIG_VALUES) {
                bigValue = "x".repeat(1 << 20);
                server.command("SET", BIG_KEY, bigValue);
            }
            Target target = new Target(proxy.clientHost(), proxy.clientPort(), transport == Transport.TLS,
                    transport == Transport.TLS ? server.caFile() : null, password::get);
            long openedMillis = System.currentTimeMillis();
            long faultStart = 0;
            Scenario.Clearing clearing = null;
            if (scenario.kind() == Scenario.Kind.BOOTSTRAP) {
                faultStart = System.nanoTime();
                clearing = scenario.inject(env);
            }
            ChaosClient client = kind.open(target);
            Traffic traffic = new Traffic(client, limits.workers(), limits.readyWait(), limits.hungBound(),
                    bigValue == null ? null : BIG_KEY, bigValue);
            try {
                traffic.start();
                if (clearing == null) {
                    await().atMost(limits.readyWait()).until(() -> traffic.ok() >= 20);
                    hold(limits.before(), traffic);
                    faultStart = System.nanoTime();
                    traffic.faultStarted(faultStart);
                    clearing = scenario.inject(env);
                } else {
                    traffic.faultStarted(faultStart);
                }
                hold(scenario.hold(), traffic);
                clearing.clear();
                long cleared = System.nanoTime();
                traffic.faultCleared(cleared);
                try {
                    await().atMost(limits.recoveryWait()).pollInterval(Duration.ofMillis(10)).until(traffic::recovered);
                } catch (ConditionTimeoutException e) {
                    LOG.warn("{} / {} / {}: no successful call within {} ms of the fault clearing", scenario.id(), transport.id(), kind.id(),
                            limits.recoveryWait().toMillis());
                }
                hold(limits.after(), traffic);
                Integer connections = clientCount(server);
                long hung = traffic.stop(limits.hungBound().plusSeconds(1));
                long end = System.nanoTime();
                Verification verdict = Verification.of(server, traffic);
                LOG.info("verified in {} ms", millis(System.nanoTime() - end));
                Long recovered = traffic.firstSuccessAfterClear();
                Long dropped = client.connectionDroppedAfter(faultStart);
                Long firstError = traffic.firstFailureAfterFault();
                ScenarioResult result = new ScenarioResult(scenario.id(), scenario.title(), transport.id(), kind.id(),
                        recovered == null ? null : millis(recovered - cleared),
                        dropped == null ? null : millis(dropped - faultStart),
                        firstError == null ? null : millis(firstError - faultStart),
                        traffic.ok(), traffic.notSent(), traffic.failed(), traffic.failuresByType(),
                        verdict.lost(), client.signalsNotSent() ? verdict.phantom() : null,
                        traffic.misdelivered() + verdict.misdelivered(), hung,
                        logTap.warnLinesBetween(openedMillis, System.currentTimeMillis()), connections,
                        millis(end - traffic.originNanos()), millis(faultStart - traffic.originNanos()),
                        millis(cleared - traffic.originNanos()),
                        traffic.timeline().okUntil(end), traffic.timeline().errorsUntil(end));
                LOG.info("{}: recovery {} ms, stall detection {} ms, ok {}, not sent {}, failed {}, lost {}, phantom {}, misdelivered {}, hung {}",
                        result.label(), result.recoveryMs(), result.stallDetectionMs(), result.ok(), result.notSent(), result.failed(),
                        result.lost(), result.phantom(), result.misdelivered(), result.hung());
                return result;
            } finally {
                long closing = System.nanoTime();
                closeWithin(client, Duration.ofSeconds(15));
                LOG.info("{} / {} / {}: client closed in {} ms", scenario.id(), transport.id(), kind.id(), millis(System.nanoTime() - closing));
                if (server.isFrozen()) {
                    server.unfreeze();
                }
            }
        }
    }

    private RedisServer server(Scenario scenario, Transport transport, String password) {
        RedisServer.Builder b = RedisServer.builder().requirePass(password);
        if (transport == Transport.TLS) {
            b.tls(certificates());
        }
        if (scenario.kind() == Scenario.Kind.DURABLE) {
            b.config("appendonly yes", "appendfsync always");
        }
        return b.start();
    }

    private synchronized TestCertificates certificates() {
        if (certificates == null) {
            certificates = TestCertificates.create();
        }
        return certificates;
    }

    /** Keeps the phase going for {@code duration}; fails if a worker thread died meanwhile. */
    private static void hold(Duration duration, Traffic traffic) {
        if (duration.isZero()) {
            return;
        }
        await().during(duration).atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(traffic::workersAlive);
    }

    private static Integer clientCount(RedisServer server) {
        try {
            return server.clientCount();
        } catch (RuntimeException e) {
            LOG.warn("the server did not answer CLIENT LIST: {}", e.toString());
            return null;
        }
    }

    private static void closeWithin(ChaosClient client, Duration limit) {
        try {
            CompletableFuture.runAsync(client::close).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("closing {} did not finish within {} ms: {}", client, limit.toMillis(), e.toString());
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void close() {
        proxies.close();
        if (certificates != null) {
            try (Stream<Path> files = Files.walk(certificates.directory())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
