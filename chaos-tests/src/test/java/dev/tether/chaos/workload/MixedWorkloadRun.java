package dev.tether.chaos.workload;

import dev.tether.chaos.harness.Canaries;
import dev.tether.chaos.harness.FaultEnv;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.Transport;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the {@link MixedWorkload} through one of the harness's {@link Scenario}s: a fresh
 * redis-server (plain or TLS-only, canary password), a fault proxy in front of it, tether's
 * shared connection through the proxy, the workload before, during and after the fault, then the
 * invariants checked on the server directly. One run at a time.
 */
public final class MixedWorkloadRun {
    private static final Logger LOG = LoggerFactory.getLogger(MixedWorkloadRun.class);
    private static final Duration BEFORE = Duration.ofSeconds(1);
    private static final Duration AFTER = Duration.ofSeconds(2);

    private final FaultProxies proxies;
    private final TestCertificates certificates;

    public MixedWorkloadRun(FaultProxies proxies, TestCertificates certificates) {
        this.proxies = proxies;
        this.certificates = certificates;
    }

    public WorkloadVerdict run(Scenario scenario, Transport transport) throws Exception {
        AtomicReference<String> password = new AtomicReference<>(Canaries.newPassword());
        RedisServer.Builder b = RedisServer.builder().requirePass(password.get());
        if (transport == Transport.TLS) {
            b.tls(certificates);
        }
        if (scenario.kind() == Scenario.Kind.DURABLE) {
            b.config("appendonly yes", "appendfsync always");
        }
        try (RedisServer server = b.start(); FaultProxy proxy = proxies.proxyTo(server.host(), server.port())) {
            FaultEnv env = new FaultEnv(server, proxy, password);
            Scenario.Clearing clearing = null;
            if (scenario.kind() == Scenario.Kind.BOOTSTRAP) {
                clearing = scenario.inject(env);
            }
            try (SharedRedis redis = SharedRedis.builder(settings(proxy, transport, server, password.get()))
                    .credentialsSource(() -> settings(proxy, transport, server, password.get())).start()) {
                if (clearing != null) {
                    Thread.sleep(scenario.hold().toMillis());
                    clearing.clear();
                }
                redis.awaitReady(Duration.ofSeconds(30));
                MixedWorkload workload = new MixedWorkload(redis);
                try {
                    workload.start();
                    Thread.sleep(BEFORE.toMillis());
                    if (clearing == null) {
                        clearing = scenario.inject(env);
                        Thread.sleep(scenario.hold().toMillis());
                        clearing.clear();
                    }
                    if (server.isFrozen()) {
                        server.unfreeze();
                    }
                    Thread.sleep(AFTER.toMillis());
                    boolean[] recovery = workload.probeRecovery(Duration.ofSeconds(15));
                    // the longest any call may take: a blocking read's block time plus the command timeout, plus slack
                    long hung = workload.stop(redis.settings().commandTimeout().multipliedBy(2).plusSeconds(3));
                    WorkloadVerdict verdict = workload.verify(server, hung, recovery);
                    LOG.info("mixed workload {} / {}: {}", scenario.id(), transport.id(), verdict.summary());
                    verdict.calls().forEach((actor, line) -> LOG.info("  {}: {}", actor, line));
                    return verdict;
                } finally {
                    workload.close();
                }
            } finally {
                if (server.isFrozen()) {
                    server.unfreeze();
                }
            }
        }
    }

    private static RedisSettings settings(FaultProxy proxy, Transport transport, RedisServer server, String password) {
        RedisSettings.Builder s = RedisSettings.builder().host(proxy.clientHost()).port(proxy.clientPort())
                .password(Secret.of(password)).commandTimeout(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
        if (transport == Transport.TLS) {
            s.tls(true).tlsCaFile(server.caFile());
        }
        return s.build();
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
