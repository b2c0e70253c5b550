package dev.tether.chaos.cluster;

import dev.tether.chaos.clients.EndpointName;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * {@link ClusterScenario#ENDPOINT_MOVED}: every node behind a configuration endpoint replaced by a node on a new address,
 * the way a managed provider replaces a cluster's hosts (a node-type change, a fleet replaced in maintenance): for each
 * node of the old fleet a new node starts on the same port of {@value #NEW_ADDRESS} (a new host, as the endpoint's
 * fixed port on a new IP), joins the cluster ({@code CLUSTER MEET}) and replicates the old node's shard
 * ({@code CLUSTER REPLICATE}); once every new node has synced, each shard is handed over by a coordinated
 * {@code CLUSTER FAILOVER} on the new node that mirrors its primary (lossless: the old primary stops writes until the
 * replica has everything); the endpoint's name then moves to {@value #NEW_ADDRESS}, the old fleet is shut down (SIGKILL)
 * and forgotten ({@code CLUSTER FORGET} on every new node). The floor is the end of that: the cluster is usable only
 * at the new addresses, and a client reaches it through what it learned from the cluster's topology or through the
 * moved name. Plaintext only (a TLS fleet would need certificates naming the endpoint and {@value #NEW_ADDRESS}).
 * The new servers are closed with this object.
 */
final class EndpointReplacement implements ClusterFaults.Fault, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointReplacement.class);
    /** The configuration endpoint's name, as ElastiCache's {@code clustercfg.<name>.<id>.<region>.cache.amazonaws.com}. */
    static final String NAME = "clustercfg.orders.chaos.test";
    static final String NEW_ADDRESS = "127.0.0.2";

    private final RedisCluster cluster;
    private final EndpointName endpoint;
    private final ClusterNode seed;
    private final List<RedisServer> fleet = new ArrayList<>();

    EndpointReplacement(RedisCluster cluster) {
        this.cluster = cluster;
        this.seed = cluster.nodes().get(0);
        this.endpoint = new EndpointName(NAME, seed.host());
    }

    EndpointName endpoint() {
        return endpoint;
    }

    /** The endpoint's port: the seed node's, which its replacement listens on too. */
    int port() {
        return seed.port();
    }

    /** The new fleet, once the fault ran (the verifier reads from it). */
    List<RedisServer> fleet() {
        return List.copyOf(fleet);
    }

    @Override
    public BitSet affected() {
        BitSet all = new BitSet(RedisCluster.SLOTS);
        all.set(0, RedisCluster.SLOTS);
        return all;
    }

    @Override
    public FaultTimes inject() {
        long start = System.nanoTime();
        List<ClusterNode> old = List.copyOf(cluster.nodes());
        List<String> ids = new ArrayList<>();
        for (ClusterNode node : old) {
            RedisServer server = RedisServer.builder().bind(NEW_ADDRESS).port(node.port())
                    .config("cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout " + cluster.nodeTimeout().toMillis(),
                            "cluster-replica-validity-factor 0", "cluster-announce-ip " + NEW_ADDRESS, "repl-diskless-sync-delay 0")
                    .build();
            fleet.add(server);
            server.start();
            ids.add(server.command("CLUSTER", "MYID"));
            seed.server().command("CLUSTER", "MEET", NEW_ADDRESS, Integer.toString(node.port()));
        }
        // each new node replicates the shard of the old node it mirrors
        List<String> shardOf = new ArrayList<>();
        for (ClusterNode node : old) {
            shardOf.add(cluster.isPrimary(node) ? node.id() : primaryIdOf(node));
        }
        for (int i = 0; i < fleet.size(); i++) {
            RedisServer server = fleet.get(i);
            String primary = shardOf.get(i);
            require(ClusterFaults.pollUntil(() -> ClusterFaults.safe(() -> server.command("CLUSTER", "NODES").contains(primary))),
                    server + " learned of " + primary);
            server.command("CLUSTER", "REPLICATE", primary);
        }
        for (RedisServer server : fleet) {
            require(ClusterFaults.pollUntil(() -> ClusterFaults.safe(() -> server.command("INFO", "replication").contains("master_link_status:up"))),
                    server + " synced");
        }
        long joined = System.nanoTime();
        // hand each shard over to the new node mirroring its primary
        for (int i = 0; i < old.size(); i++) {
            if (old.get(i).id().equals(shardOf.get(i))) {
                RedisServer next = fleet.get(i);
                next.command("CLUSTER", "FAILOVER");
                require(ClusterFaults.pollUntil(() -> ClusterFaults.safe(() -> next.command("ROLE").startsWith("master"))),
                        next + " took its shard over");
            }
        }
        long handedOver = System.nanoTime();
        endpoint.pointTo(NEW_ADDRESS);
        for (ClusterNode node : old) {
            cluster.kill(node);
        }
        for (RedisServer server : fleet) {
            for (ClusterNode node : old) {
                ClusterFaults.safe(() -> server.command("CLUSTER", "FORGET", node.id()) != null);
            }
        }
        long floor = System.nanoTime();
        LOG.info("endpoint moved: new fleet {} joined and synced {} ms, shards handed over {} ms, old fleet gone and the name on {} {} ms "
                        + "after the start", ids, (joined - start) / 1_000_000, (handedOver - start) / 1_000_000, NEW_ADDRESS,
                (floor - start) / 1_000_000);
        // a coordinated handover loses nothing: every acknowledged write must be on the new fleet
        return new FaultTimes(start, floor, start, floor);
    }

    private String primaryIdOf(ClusterNode replica) {
        for (String line : replica.server().command("CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length > 3 && f[0].equals(replica.id())) {
                return f[3];
            }
        }
        throw new IllegalStateException(replica + " names no primary");
    }

    private static void require(long polled, String what) {
        if (polled == 0) {
            throw new IllegalStateException("endpoint replacement: not seen within 30 s: " + what);
        }
    }

    @Override
    public void close() {
        for (RedisServer server : fleet) {
            server.close();
        }
    }
}
