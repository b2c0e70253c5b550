package dev.tether.chaos.cluster;

import dev.tether.chaos.clients.ClusterChaosClient;
import dev.tether.chaos.clients.ClusterClientKinds;
import dev.tether.chaos.clients.ClusterTarget;
import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.harness.Transport;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import dev.tether.testkit.cluster.RedisSentinelSet;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts what a run needs (a fresh 3 + 3 cluster, or a Sentinel set, plain or TLS), opens the client, runs the
 * scenario and closes everything, whatever happens.
 */
public final class ClusterRuns {
    /** How the cluster runs make their faults, as the report names it. */
    public static final String BACKEND = "process faults on testkit's local cluster and Sentinel set";

    private ClusterRuns() {
    }

    public static ClusterRun.Outcome run(ClusterScenario scenario, Transport transport, ClusterClientKinds kind, int repetition,
                                         ClusterRun.Limits limits) {
        boolean tls = transport == Transport.TLS;
        ScenarioResult.RunId id = new ScenarioResult.RunId(scenario.id(), scenario.title(), transport.id(),
                kind.id(scenario.sentinel()), repetition);
        if (scenario.sentinel()) {
            RedisSentinelSet.Builder b = RedisSentinelSet.builder();
            try (RedisSentinelSet set = (tls ? b.tls() : b).start()) {
                Path ca = tls ? set.certificates().caFile() : null;
                ClusterTarget target = ClusterTarget.sentinel(set.sentinels().stream().map(s -> s.host() + ":" + s.port()).toList(),
                        set.masterName(), ca);
                try (ClusterChaosClient client = kind.open(target)) {
                    return ClusterRun.run(id, client, sentinelEnvironment(set, ca), limits);
                }
            }
        }
        RedisCluster.Builder b = RedisCluster.builder();
        if (scenario == ClusterScenario.ENDPOINT_MOVED) {
            if (tls) {
                throw new IllegalArgumentException(scenario.id() + " runs over plaintext only: its new fleet's certificates would have to "
                        + "name the endpoint and " + EndpointReplacement.NEW_ADDRESS);
            }
            try (RedisCluster cluster = b.start(); EndpointReplacement replacement = new EndpointReplacement(cluster);
                 ClusterChaosClient client = kind.open(ClusterTarget.behindName(replacement.endpoint(), replacement.port(), null))) {
                return ClusterRun.run(id, client, endpointEnvironment(replacement), limits);
            }
        }
        try (RedisCluster cluster = (tls ? b.tls() : b).start()) {
            Path ca = tls ? cluster.certificates().caFile() : null;
            try (ClusterChaosClient client = kind.open(ClusterTarget.cluster(cluster.seeds(), ca))) {
                return ClusterRun.run(id, client, clusterEnvironment(scenario, cluster, ca), limits);
            }
        }
    }

    static ClusterRun.Environment clusterEnvironment(ClusterScenario scenario, RedisCluster cluster, Path ca) {
        return new ClusterRun.Environment() {
            public ClusterFaults.Fault fault() {
                return ClusterFaults.of(scenario, cluster, SlotHash.getSlot(ClusterRun.BUSY_TAG));
            }

            public ClusterRun.Verifier verifier() {
                ClusterFaults.awaitClusterAtRest(cluster);
                List<RedisURI> seeds = cluster.nodes().stream().filter(n -> n.server().isRunning() && !n.server().isFrozen())
                        .map(ClusterNode::server).map(s -> uri(s, ca)).toList();
                RedisClusterClient client = RedisClusterClient.create(seeds);
                ClusterClientOptions.Builder options = ClusterClientOptions.builder();
                if (ca != null) {
                    options.sslOptions(SslOptions.builder().trustManager(ca.toFile()).build());
                }
                client.setOptions(options.build());
                StatefulRedisClusterConnection<String, String> connection = client.connect();
                return reader(connection.async(), () -> client.shutdown(0, 2, TimeUnit.SECONDS));
            }
        };
    }

    private static ClusterRun.Environment endpointEnvironment(EndpointReplacement replacement) {
        return new ClusterRun.Environment() {
            public ClusterFaults.Fault fault() {
                return replacement;
            }

            public ClusterRun.Verifier verifier() {
                List<RedisServer> fleet = replacement.fleet();
                ClusterFaults.pollUntil(() -> fleet.stream().allMatch(s -> ClusterFaults.safe(
                        () -> s.command("CLUSTER", "INFO").contains("cluster_state:ok"))));
                RedisClusterClient client = RedisClusterClient.create(fleet.stream().map(s -> uri(s, null)).toList());
                StatefulRedisClusterConnection<String, String> connection = client.connect();
                return reader(connection.async(), () -> client.shutdown(0, 2, TimeUnit.SECONDS));
            }
        };
    }

    private static ClusterRun.Environment sentinelEnvironment(RedisSentinelSet set, Path ca) {
        java.util.concurrent.atomic.AtomicReference<RedisServer> newPrimary = new java.util.concurrent.atomic.AtomicReference<>();
        return new ClusterRun.Environment() {
            public ClusterFaults.Fault fault() {
                return ClusterFaults.sentinelFailover(set, newPrimary);
            }

            public ClusterRun.Verifier verifier() {
                RedisClient client = RedisClient.create(uri(newPrimary.get() != null ? newPrimary.get() : set.primary(), ca));
                if (ca != null) {
                    client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(ca.toFile()).build()).build());
                }
                StatefulRedisConnection<String, String> connection = client.connect();
                return reader(connection.async(), () -> client.shutdown(0, 2, TimeUnit.SECONDS));
            }
        };
    }

    private static RedisURI uri(RedisServer server, Path ca) {
        return RedisURI.builder().withHost(server.host()).withPort(server.port()).withSsl(ca != null).build();
    }

    private static ClusterRun.Verifier reader(RedisStringAsyncCommands<String, String> commands, Runnable shutdown) {
        return new ClusterRun.Verifier() {
            public List<String> get(List<String> keys) {
                List<String> values = new ArrayList<>(keys.size());
                for (int from = 0; from < keys.size(); from += 1000) {
                    List<RedisFuture<String>> batch = new ArrayList<>();
                    for (String key : keys.subList(from, Math.min(keys.size(), from + 1000))) {
                        batch.add(commands.get(key));
                    }
                    if (!LettuceFutures.awaitAll(Duration.ofSeconds(20), batch.toArray(new RedisFuture[0]))) {
                        throw new IllegalStateException("verification reads did not complete within 20 s");
                    }
                    for (RedisFuture<String> f : batch) {
                        values.add(f.toCompletableFuture().getNow(null));
                    }
                }
                return values;
            }

            public void close() {
                shutdown.run();
            }
        };
    }
}
