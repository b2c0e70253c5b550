package dev.tether.chaos.cluster;

import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.workload.MixedWorkload;
import dev.tether.chaos.workload.WorkloadVerdict;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.RedisSentinelSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the standalone {@link MixedWorkload} (on Sentinel the shared connection is one server's, so every command kind
 * applies: WATCH transactions, the client-side cache, Lua, pipelines, pub/sub, blocking consumers, a stream group)
 * through {@link ClusterScenario#SENTINEL_FAILOVER}: a fresh Sentinel set (primary, replica, 3 sentinels; plain or
 * TLS), tether configured with the sentinels and the master name, the workload for 1 s, {@code SENTINEL FAILOVER}
 * (the fault waits until the old primary is demoted, traffic running), 2 s more, the recovery probes, and the
 * invariants read on the new primary. Nothing acknowledged may be lost, by the server either: tether stops writing at
 * the failover's first event. One run at a time.
 */
public final class SentinelMixedWorkloadRun {
    private static final Logger LOG = LoggerFactory.getLogger(SentinelMixedWorkloadRun.class);

    private SentinelMixedWorkloadRun() {
    }

    public static WorkloadVerdict run(Transport transport) throws InterruptedException {
        RedisSentinelSet.Builder b = RedisSentinelSet.builder();
        try (RedisSentinelSet set = (transport == Transport.TLS ? b.tls() : b).start()) {
            AtomicReference<RedisServer> newPrimary = new AtomicReference<>();
            ClusterFaults.Fault fault = ClusterFaults.sentinelFailover(set, newPrimary);
            RedisSettings.Builder settings = RedisSettings.builder().mode(RedisMode.SENTINEL).sentinelMasterId(set.masterName())
                    .nodes(set.sentinels().stream().map(s -> new RedisNode(s.host(), s.port())).toList());
            if (transport == Transport.TLS) {
                settings.tls(true).tlsCaFile(set.certificates().caFile());
            }
            try (SharedRedis redis = SharedRedis.start(settings.build())) {
                redis.awaitReady(Duration.ofSeconds(30));
                MixedWorkload workload = new MixedWorkload(redis);
                try {
                    workload.start();
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    FaultTimes times = fault.inject();
                    LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                    boolean[] recovery = workload.probeRecovery(Duration.ofSeconds(15));
                    long hung = workload.stop(redis.settings().commandTimeout().multipliedBy(2).plusSeconds(3));
                    WorkloadVerdict verdict = workload.verify(newPrimary.get(), hung, recovery);
                    LOG.info("sentinel mixed workload / {}: promoted {} ms after SENTINEL FAILOVER; {}", transport.id(),
                            times.floorNanos() == 0 ? -1 : (times.floorNanos() - times.startNanos()) / 1_000_000, verdict.summary());
                    verdict.calls().forEach((actor, line) -> LOG.info("  {}: {}", actor, line));
                    return verdict;
                } finally {
                    workload.close();
                }
            }
        }
    }
}
