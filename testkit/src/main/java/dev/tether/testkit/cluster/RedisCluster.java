package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.TestResource;
import dev.tether.testkit.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster on loopback: N primaries with R replicas each (default 3 + 3), every node a
 * {@link RedisServer} with {@code cluster-enabled yes} and a short {@code cluster-node-timeout}
 * (default 1 s), formed over the protocol ({@code CLUSTER ADDSLOTS}, {@code MEET}, {@code
 * REPLICATE}; no {@code redis-cli}). {@link #start()} returns once every node reports {@code
 * cluster_state:ok}, sees all 16384 slots covered and every replica attached and in sync.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder().start()) {
 *   RedisClusterClient client = RedisClusterClient.create(cluster.seedUris().get(0));
 *   ClusterNode primary = cluster.primaryFor("user:42");
 *   cluster.kill(primary);   // its replica is promoted after cluster-node-timeout
 * }
 * }</pre>
 *
 * <p>Replicas run with {@code cluster-replica-validity-factor 0} (a replica always may take over,
 * however long its link was down) so failover tests do not depend on timing luck. Fault methods
 * act on processes only; the cluster's reaction is the cluster's, so wait for it (e.g. with
 * Awaitility on {@link #primaryFor(int)}).
 *
 * <p>Thread-safe: lifecycle methods are serialized on this object; queries open their own admin
 * connections. {@link #close()} kills every node (also after a failed start) and deletes their
 * temp directories; a start that fails closes the cluster.
 */
public final class RedisCluster implements TestResource {

  /** The number of hash slots. */
  public static final int SLOTS = 16384;

  private static final int START_ATTEMPTS = 3;

  private final int primaries;
  private final int replicasPerPrimary;
  private final Duration nodeTimeout;
  private final Duration startupTimeout;
  private final ServerGroup group;
  private final List<ClusterNode> nodes = new ArrayList<>();

  private RedisCluster(Builder b) {
    this.primaries = b.primaries;
    this.replicasPerPrimary = b.replicasPerPrimary;
    this.nodeTimeout = b.nodeTimeout;
    this.startupTimeout = b.startupTimeout;
    this.group = b.group("cluster");
  }

  /** A builder; defaults: 3 primaries, 1 replica each, 1 s node timeout, 60 s to form. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts every node and forms the cluster; does nothing if already started.
   *
   * @throws IllegalStateException if closed, or a node does not start or the cluster does not
   *     form within the startup timeout (every process started so far is then killed)
   */
  @Override
  public synchronized RedisCluster start() {
    group.start(() -> {
      int total = primaries * (1 + replicasPerPrimary);
      for (int i = 0; i < total; i++) {
        nodes.add(startNode());
      }
      new ClusterFormation(nodes, primaries, replicasPerPrimary, startupTimeout).form();
    }, () -> nodes.size() + " nodes (" + primaries + " primaries) " + nodes);
    return this;
  }

  /** Kills every node and deletes its files. Idempotent; a closed cluster cannot start again. */
  @Override
  public void close() {
    group.close();
  }

  // ---------------------------------------------------------------- topology

  /** All nodes in start order: the first {@code primaries} were the initial primaries. */
  public synchronized List<ClusterNode> nodes() {
    return List.copyOf(nodes);
  }

  /** {@code host:port} of every node, the seed list a cluster client takes. */
  public List<String> seeds() {
    return nodes().stream().map(ClusterNode::address).toList();
  }

  /** {@code redis://host:port} (or {@code rediss://} for a TLS cluster) of every node. */
  public List<String> seedUris() {
    return nodes().stream().map(n -> n.server().uri()).toList();
  }

  /**
   * The primary serving {@code slot} now, as the first running, unfrozen node sees it.
   *
   * @throws IllegalStateException if that node sees no live primary for the slot (e.g. between a
   *     primary's failure and its replica's promotion), or no node runs
   */
  public ClusterNode primaryFor(int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot: must be 0.." + (SLOTS - 1) + ", was " + slot);
    }
    ClusterView.Entry entry = view().primaryFor(slot)
        .orElseThrow(() -> new IllegalStateException("no live primary serves slot " + slot));
    return byId(entry.id());
  }

  /**
   * The primary serving {@code key}'s slot ({@code CLUSTER KEYSLOT}, so hash tags count).
   *
   * @throws IllegalStateException as {@link #primaryFor(int)}
   */
  public ClusterNode primaryFor(String key) {
    return primaryFor(slotOf(key));
  }

  /** The hash slot of {@code key}, as the cluster computes it. */
  public int slotOf(String key) {
    return Integer.parseInt(anyLiveNode().server().command("CLUSTER", "KEYSLOT", key));
  }

  /** The replicas a running, unfrozen node attaches to {@code primary} now. */
  public List<ClusterNode> replicasOf(ClusterNode primary) {
    return view().replicasOf(primary.id()).stream().map(e -> byId(e.id())).toList();
  }

  /** Whether {@code node} says it is a primary ({@code ROLE}). */
  public boolean isPrimary(ClusterNode node) {
    return node.server().command("ROLE").startsWith("master");
  }

  // ---------------------------------------------------------------- faults

  /** SIGKILLs the node; after {@code cluster-node-timeout} the cluster fails it over. */
  public void kill(ClusterNode node) {
    node.server().kill();
  }

  /** Restarts a killed (or running) node on its port; it rejoins with its old id. */
  public void restart(ClusterNode node) {
    node.server().restart();
  }

  /** SIGSTOPs the node: its sockets stay open but nothing answers, as in a hung host. */
  public void freeze(ClusterNode node) {
    node.server().freeze();
  }

  /** SIGCONTs a frozen node. */
  public void unfreeze(ClusterNode node) {
    node.server().unfreeze();
  }

  /**
   * {@code CLUSTER FAILOVER} on {@code replica} (a coordinated, lossless manual failover) and waits
   * until it reports itself primary.
   *
   * @throws IllegalStateException if it is not promoted within the startup timeout
   */
  public void failover(ClusterNode replica) {
    replica.server().command("CLUSTER", "FAILOVER");
    Await.until(replica + " promoted", startupTimeout,
        () -> isPrimary(replica) ? null : "still a replica");
  }

  /** Whether clients, the cluster bus and replication all speak TLS only. */
  public boolean isTls() {
    return group.isTls();
  }

  /**
   * The certificates every node uses: trust {@code caFile()}.
   *
   * @throws IllegalStateException if not a TLS cluster or not started
   */
  public TestCertificates certificates() {
    return group.certificates();
  }

  /** The node timeout the nodes run with. */
  public Duration nodeTimeout() {
    return nodeTimeout;
  }

  @Override
  public String toString() {
    return "RedisCluster" + nodes();
  }

  // ---------------------------------------------------------------- internals

  private RedisServer node(int port) {
    RedisServer.Builder b = group.dataServerBuilder().port(port)
        .config("cluster-enabled yes", "cluster-config-file nodes.conf",
            "cluster-node-timeout " + nodeTimeout.toMillis(),
            "cluster-replica-validity-factor 0");
    if (group.isTls()) {
      // The bus always demands a client certificate: nodes present the kit's client certificate.
      TestCertificates certificates = group.certificates();
      b.config("tls-cluster yes",
          "tls-client-cert-file \"" + certificates.clientCertFile() + "\"",
          "tls-client-key-file \"" + certificates.clientKeyFile() + "\"");
    }
    return b.build();
  }

  private ClusterNode startNode() {
    for (int attempt = 1; ; attempt++) {
      RedisServer server = group.own(node(ClusterPorts.pick()));
      try {
        server.start();
        return new ClusterNode(server, server.command("CLUSTER", "MYID"));
      } catch (IllegalStateException e) {
        server.close();
        if (attempt >= START_ATTEMPTS || !String.valueOf(e.getMessage()).contains("in use")) {
          throw e;
        }
      }
    }
  }

  private ClusterView view() {
    return ClusterView.parse(anyLiveNode().server().command("CLUSTER", "NODES"));
  }

  private ClusterNode anyLiveNode() {
    return nodes().stream().filter(n -> n.server().isRunning() && !n.server().isFrozen())
        .findFirst().orElseThrow(() -> new IllegalStateException("no running node"));
  }

  private ClusterNode byId(String id) {
    return nodes().stream().filter(n -> n.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown node id " + id));
  }

  /** Configures a {@link RedisCluster}. Not thread-safe. */
  public static final class Builder extends TopologyBuilder<Builder, RedisCluster> {
    private int primaries = 3;
    private int replicasPerPrimary = 1;
    private Duration nodeTimeout = Duration.ofSeconds(1);
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** How many primaries share the slots (1..16; default 3). */
    public Builder primaries(int count) {
      if (count < 1 || count > 16) {
        throw new IllegalArgumentException("count: must be 1..16, was " + count);
      }
      this.primaries = count;
      return this;
    }

    /** Replicas per primary (0..3; default 1). */
    public Builder replicasPerPrimary(int count) {
      if (count < 0 || count > 3) {
        throw new IllegalArgumentException("count: must be 0..3, was " + count);
      }
      this.replicasPerPrimary = count;
      return this;
    }

    /** {@code cluster-node-timeout}: how long a node may be unreachable before failover (default 1 s). */
    public Builder nodeTimeout(Duration timeout) {
      this.nodeTimeout = Arguments.positive(timeout, "timeout");
      return this;
    }

    /** How long {@link #start()} and {@link RedisCluster#failover} wait (default 60 s). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Arguments.positive(timeout, "timeout");
      return this;
    }

    /** A new, not yet started cluster. */
    @Override
    public RedisCluster build() {
      return new RedisCluster(this);
    }
  }
}
