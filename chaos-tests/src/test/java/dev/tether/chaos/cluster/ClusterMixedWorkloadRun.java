package dev.tether.chaos.cluster;

import dev.tether.chaos.harness.Transport;
import dev.tether.chaos.workload.ClusterMixedWorkload;
import dev.tether.chaos.workload.ClusterWorkloadVerdict;
import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.cluster.RedisCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the {@link ClusterMixedWorkload} through one of the cluster faults of {@link ClusterFaults}: a fresh
 * 3 + 3 cluster (plain or TLS), tether's shared connection to its seed list, the workload for 1 s, the fault (aimed at
 * the primary of {@link ClusterRun#BUSY_TAG}'s slot, where the workload's script, lists and stream live), then traffic
 * until a write to that slot succeeds again (at most 15 s) and 2 s more; then the pub/sub probe, the stop, and the
 * read-back from the current primaries. One run at a time.
 */
public final class ClusterMixedWorkloadRun {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMixedWorkloadRun.class);
    private static final Duration BEFORE = Duration.ofSeconds(1);
    private static final Duration AFTER = Duration.ofSeconds(2);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(15);

    private ClusterMixedWorkloadRun() {
    }

    /**
     * The cluster faults the workload runs through (the Sentinel one needs a Sentinel set; the endpoint move a
     * replacement fleet and clients that resolve the endpoint's name, see {@link ClusterRuns}).
     */
    public static boolean applies(ClusterScenario scenario) {
        return !scenario.sentinel() && scenario != ClusterScenario.ENDPOINT_MOVED;
    }

    public static ClusterWorkloadVerdict run(ClusterScenario scenario, Transport transport) {
        RedisCluster.Builder b = RedisCluster.builder();
        try (RedisCluster cluster = (transport == Transport.TLS ? b.tls() : b).start()) {
            Path ca = transport == Transport.TLS ? cluster.certificates().caFile() : null;
            ClusterRun.Environment environment = ClusterRuns.clusterEnvironment(scenario, cluster, ca);
            ClusterFaults.Fault fault = environment.fault();   // chosen before traffic: the busy slot's primary now
            try (SharedRedis redis = SharedRedis.start(settings(cluster, ca))) {
                redis.awaitReady(Duration.ofSeconds(30));
                ClusterMixedWorkload workload = new ClusterMixedWorkload(redis, ClusterRun.BUSY_TAG);
                try {
                    workload.start();
                    LockSupport.parkNanos(BEFORE.toNanos());
                    FaultTimes times = fault.inject();
                    boolean writes = workload.writesToTheTagSucceed(RECOVERY_WAIT);
                    LockSupport.parkNanos(AFTER.toNanos());
                    boolean resubscribed = workload.resubscribed(RECOVERY_WAIT);
                    // the longest any call may take: a blocking read's block time plus the command timeout, plus slack
                    long hung = workload.stop(redis.settings().commandTimeout().multipliedBy(2).plusSeconds(3));
                    ClusterWorkloadVerdict verdict;
                    try (ClusterRun.Verifier verifier = environment.verifier()) {
                        verdict = workload.verify(reader(verifier, cluster), times.settledNanos(), hung, writes, resubscribed);
                    }
                    LOG.info("cluster mixed workload {} / {}: floor {} ms; {}", scenario.id(), transport.id(),
                            times.floorNanos() == 0 ? -1 : (times.floorNanos() - times.startNanos()) / 1_000_000, verdict.summary());
                    verdict.calls().forEach((actor, line) -> LOG.info("  {}: {}", actor, line));
                    verdict.refusals().forEach((what, line) -> LOG.info("  refused {}: {}", what, line));
                    return verdict;
                } finally {
                    workload.close();
                }
            }
        }
    }

    private static ClusterMixedWorkload.Reader reader(ClusterRun.Verifier verifier, RedisCluster cluster) {
        return new ClusterMixedWorkload.Reader() {
            public List<String> get(List<String> keys) {
                return verifier.get(keys);
            }

            public String onTagPrimary(String... command) {
                return cluster.primaryFor(ClusterRun.BUSY_TAG).server().command(command);
            }
        };
    }

    /** The seed list of every node, cluster mode, TLS with the cluster's CA when {@code ca} is set; all else default. */
    private static RedisSettings settings(RedisCluster cluster, Path ca) {
        RedisSettings.Builder s = RedisSettings.builder().mode(RedisMode.CLUSTER)
                .nodes(cluster.nodes().stream().map(n -> new RedisNode(n.host(), n.port())).toList());
        if (ca != null) {
            s.tls(true).tlsCaFile(ca);
        }
        return s.build();
    }
}
