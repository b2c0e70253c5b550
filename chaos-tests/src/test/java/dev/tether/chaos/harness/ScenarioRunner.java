package dev.tether.chaos.harness;

import dev.tether.chaos.clients.ChaosClient;
import dev.tether.chaos.clients.ClientKind;
import dev.tether.chaos.clients.Target;
import dev.tether.chaos.harness.ScenarioResult.RunId;
import dev.tether.chaos.report.ChaosReport;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.netns.NetworkNamespace;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Runs one scenario end to end with real parts: a fresh redis-server (plain or TLS-only, with a canary
 * password), a fault proxy in front of it, the client under test pointed at the proxy, steady traffic, the
 * fault, recovery, then verification over a direct admin connection. Not thread-safe: one run at a time. A test
 * class gets one as a {@code @Managed static ScenarioRunner runner;} field of a {@code @Testkit} class.
 */
public final class ScenarioRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);
    private static final String BIG_KEY = "big";
    /** How long traffic pauses before an {@link Scenario.Kind#IDLE} fault, so the connection is idle when it strikes. */
    static final Duration IDLE_BEFORE_FAULT = Duration.ofMillis(300);

    private final FaultProxies proxies;
    private final LogTap logTap = LogTap.install();
    private TestCertificates certificates;
    private final java.util.Map<String, TestCertificates> namespaceCertificates = new java.util.HashMap<>();

    /** Starts the fault proxies (see {@link FaultProxies#start()}) and names their backend in the report. */
    public ScenarioRunner() {
        this.proxies = FaultProxies.start();
        LOG.info("fault proxies: {}", proxies);
        ChaosReport.global().backend(backend());
    }

    public String backend() {
        return proxies.backend().name().toLowerCase();
    }

    public LogTap logTap() {
        return logTap;
    }

    /** One run, the only repetition. */
    public ScenarioResult run(Scenario scenario, Transport transport, ClientKind kind, RunLimits limits) throws Exception {
        return run(scenario, transport, kind, limits, 1);
    }

    /** One run of a proxy scenario: a fresh server, a proxy in front of it, the client through the proxy. */
    public ScenarioResult run(Scenario scenario, Transport transport, ClientKind kind, RunLimits limits, int repetition)
            throws Exception {
        AtomicReference<String> password = new AtomicReference<>(Canaries.newPassword());
        try (RedisServer server = server(scenario.kind(), transport, password.get());
             FaultProxy proxy = proxies.proxyTo(server.host(), server.port())) {
            FaultEnv env = new FaultEnv(server, proxy, password);
            Target target = new Target(proxy.clientHost(), proxy.clientPort(), transport == Transport.TLS,
                    transport == Transport.TLS ? server.caFile() : null, password::get);
            RunId id = new RunId(scenario.id(), scenario.title(), transport.id(), kind.id(), repetition);
            return measure(new Run(id, scenario.kind(), scenario.hold(), server, target, () -> scenario.inject(env), null), kind, limits);
        }
    }

    /**
     * One run of a network scenario: a fresh server inside {@code namespace}, the client straight to it (no proxy),
     * the fault as the namespace's rules. Every rule is removed when the run ends, whatever happens.
     */
    public ScenarioResult run(NetworkScenario scenario, NetworkNamespace namespace, Transport transport, ClientKind kind,
                              RunLimits limits, int repetition) throws Exception {
        ChaosReport.global().backend("network namespace");
        AtomicReference<String> password = new AtomicReference<>(Canaries.newPassword());
        RedisServer.Builder b = RedisServer.builder().requirePass(password.get()).in(namespace);
        if (transport == Transport.TLS) {
            b.tls(certificatesFor(namespace.address()));
        }
        try (RedisServer server = b.start()) {
            Target target = new Target(server.host(), server.port(), transport == Transport.TLS,
                    transport == Transport.TLS ? server.caFile() : null, password::get, NetworkScenario.PROVIDER);
            RunId id = new RunId(scenario.id(), scenario.title(), transport.id(), kind.id(), repetition);
            Injection fault = () -> {
                namespace.apply(scenario.fault(), server.port());
                return scenario.clearedByRemovingRules() ? namespace::clear : () -> { };
            };
            return measure(new Run(id, scenario.kind(), scenario.hold(), server, target, fault, scenario.detectionBoundMs()), kind, limits);
        } finally {
            namespace.clear();
        }
    }

    /**
     * What {@link #measure} needs: a started server, where the client connects, the fault and its hold.
     *
     * @param detectionBoundMs the bound stall detection must meet, reported with the result; {@code null} for none
     */
    public record Run(RunId id, Scenario.Kind kind, Duration hold, RedisServer server, Target target, Injection fault,
                      Long detectionBoundMs) {
    }

    /** Injects a fault and returns what clears it. */
    @FunctionalInterface
    public interface Injection {
        Scenario.Clearing inject() throws Exception;
    }

    /**
     * The measurement every backend shares: traffic, the fault, recovery, verification over the admin connection.
     * The caller owns (and closes) the server and whatever stands between it and the client.
     */
    public ScenarioResult measure(Run run, ClientKind kind, RunLimits limits) throws Exception {
        RedisServer server = run.server();
        String bigValue = null;
        if (run.kind() == Scenario.Kind.BIG_VALUES) {
            bigValue = "x".repeat(1 << 20);
            server.command("SET", BIG_KEY, bigValue);
        }
        long openedMillis = System.currentTimeMillis();
        long faultStart = 0;
        Scenario.Clearing clearing = null;
        if (run.kind() == Scenario.Kind.BOOTSTRAP) {
            faultStart = System.nanoTime();
            clearing = run.fault().inject();
        }
        ChaosClient client = kind.open(run.target());
        Traffic traffic = new Traffic(client, limits.workers(), limits.readyWait(), limits.hungBound(),
                bigValue == null ? null : BIG_KEY, bigValue);
        String label = run.id().cell();
        try {
            traffic.start();
            if (clearing == null) {
                await().atMost(limits.readyWait()).until(() -> traffic.ok() >= 20);
                hold(limits.before(), traffic);
                if (run.kind() == Scenario.Kind.IDLE) {
                    traffic.pause();
                    hold(IDLE_BEFORE_FAULT, traffic);
                }
                faultStart = System.nanoTime();
                traffic.faultStarted(faultStart);
                clearing = run.fault().inject();
            } else {
                traffic.faultStarted(faultStart);
            }
            hold(run.hold(), traffic);
            clearing.clear();
            long cleared = System.nanoTime();
            traffic.faultCleared(cleared);
            traffic.resume();
            try {
                await().atMost(limits.recoveryWait()).pollInterval(Duration.ofMillis(5)).until(traffic::recovered);
            } catch (ConditionTimeoutException e) {
                LOG.warn("{}: no successful call within {} ms of the fault clearing", label, limits.recoveryWait().toMillis());
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
            ScenarioResult result = new ScenarioResult(run.id(),
                    new ScenarioResult.Timings(recovered == null ? null : millis(recovered - cleared),
                            dropped == null ? null : millis(dropped - faultStart),
                            firstError == null ? null : millis(firstError - faultStart), run.detectionBoundMs()),
                    new ScenarioResult.Outcomes(traffic.ok(), traffic.notSent(), traffic.failed(), traffic.failuresByType()),
                    new ScenarioResult.Invariants(verdict.lost(), client.signalsNotSent() ? verdict.phantom() : null,
                            traffic.misdelivered() + verdict.misdelivered(), hung),
                    new ScenarioResult.Aftermath(logTap.warnLinesBetween(openedMillis, System.currentTimeMillis()), connections),
                    new ScenarioResult.Series(millis(end - traffic.originNanos()), millis(faultStart - traffic.originNanos()),
                            millis(cleared - traffic.originNanos()), traffic.timeline().okUntil(end), traffic.timeline().errorsUntil(end)));
            LOG.info("{}: recovery {} ms, stall detection {} ms, outcomes {}, invariants {}", result.label(), result.recoveryMs(),
                    result.stallDetectionMs(), result.outcomes(), result.invariants());
            return result;
        } finally {
            long closing = System.nanoTime();
            closeWithin(client, Duration.ofSeconds(15));
            LOG.info("{}: client closed in {} ms", label, millis(System.nanoTime() - closing));
            if (server.isFrozen()) {
                server.unfreeze();
            }
        }
    }

    /** A fresh server with the canary password: TLS-only for {@link Transport#TLS}, AOF with fsync for a durable scenario. */
    public RedisServer.Builder serverBuilder(Scenario.Kind kind, Transport transport, String password) {
        RedisServer.Builder b = RedisServer.builder().requirePass(password);
        if (transport == Transport.TLS) {
            b.tls(certificates());
        }
        if (kind == Scenario.Kind.DURABLE) {
            b.config("appendonly yes", "appendfsync always");
        }
        return b;
    }

    private RedisServer server(Scenario.Kind kind, Transport transport, String password) {
        return serverBuilder(kind, transport, password).start();
    }

    private synchronized TestCertificates certificatesFor(String address) {
        TestCertificates c = namespaceCertificates.get(address);
        if (c == null) {
            c = TestCertificates.forServerNames(address);
            namespaceCertificates.put(address, c);
        }
        return c;
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
        List<TestCertificates> all = new ArrayList<>(namespaceCertificates.values());
        if (certificates != null) {
            all.add(certificates);
        }
        all.forEach(TestCertificates::close);
    }
}
