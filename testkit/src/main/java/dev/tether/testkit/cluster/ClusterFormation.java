package dev.tether.testkit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns started, empty cluster-enabled nodes into one cluster over the protocol: distinct config
 * epochs, contiguous slot ranges on the first {@code primaries} nodes, {@code MEET} from the first
 * node, then {@code REPLICATE} in turn; waits until every node agrees. Used once by {@link
 * RedisCluster#start()}; not thread-safe.
 */
final class ClusterFormation {

  private final List<ClusterNode> nodes;
  private final int primaries;
  private final int replicasPerPrimary;
  private final Duration timeout;
  private long lastMeetNanos = System.nanoTime();

  ClusterFormation(List<ClusterNode> nodes, int primaries, int replicasPerPrimary,
      Duration timeout) {
    this.nodes = nodes;
    this.primaries = primaries;
    this.replicasPerPrimary = replicasPerPrimary;
    this.timeout = timeout;
  }

  void form() {
    for (int i = 0; i < nodes.size(); i++) {
      // Distinct epochs up front spare the cluster its epoch-collision resolution.
      nodes.get(i).server().command("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
    }
    for (int p = 0; p < primaries; p++) {
      addSlots(nodes.get(p), p * RedisCluster.SLOTS / primaries,
          (p + 1) * RedisCluster.SLOTS / primaries - 1);
    }
    ClusterNode first = nodes.get(0);
    for (ClusterNode other : nodes.subList(1, nodes.size())) {
      first.server().command("CLUSTER", "MEET", other.host(), String.valueOf(other.port()));
    }
    Await.until("every node knows every other", timeout, this::allKnowAll);
    for (int r = 0; r < primaries * replicasPerPrimary; r++) {
      ClusterNode replica = nodes.get(primaries + r);
      ClusterNode primary = nodes.get(r % primaries);
      replica.server().command("CLUSTER", "REPLICATE", primary.id());
    }
    Await.until("cluster_state:ok with all replicas in sync", timeout, this::ready);
  }

  private static void addSlots(ClusterNode node, int from, int to) {
    List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
    for (int slot = from; slot <= to; slot++) {
      args.add(String.valueOf(slot)); // ADDSLOTSRANGE is Redis 7 only
    }
    node.server().command(args.toArray(new String[0]));
  }

  private String allKnowAll() {
    for (ClusterNode node : nodes) {
      ClusterView view = ClusterView.parse(node.server().command("CLUSTER", "NODES"));
      long known = view.entries().stream()
          .filter(e -> !e.flags().contains("handshake") && !e.flags().contains("noaddr")).count();
      if (known < nodes.size()) {
        meetAgain(node);
        return node + " knows " + known + " of " + nodes.size() + " nodes";
      }
    }
    return null;
  }

  /**
   * A handshake not completed within {@code cluster-node-timeout} is dropped and never retried (seen
   * on Redis 7 on a loaded machine): a node still alone meets the first node again, once a second.
   */
  private void meetAgain(ClusterNode node) {
    if (System.nanoTime() - lastMeetNanos < 1_000_000_000L) {
      return;
    }
    lastMeetNanos = System.nanoTime();
    ClusterNode first = nodes.get(0);
    ClusterNode from = node == first ? nodes.get(1) : node;
    from.server().command("CLUSTER", "MEET", first.host(), String.valueOf(first.port()));
  }

  private String ready() {
    for (ClusterNode node : nodes) {
      String info = node.server().command("CLUSTER", "INFO");
      if (!info.contains("cluster_state:ok")) {
        return node + " is not cluster_state:ok";
      }
      ClusterView view = ClusterView.parse(node.server().command("CLUSTER", "NODES"));
      if (view.coveredSlots() != RedisCluster.SLOTS) {
        return node + " sees " + view.coveredSlots() + " slots covered";
      }
      for (int p = 0; p < primaries; p++) {
        int replicas = view.replicasOf(nodes.get(p).id()).size();
        if (replicas != replicasPerPrimary) {
          return node + " sees " + replicas + " replicas of " + nodes.get(p);
        }
      }
    }
    for (ClusterNode replica : nodes.subList(primaries, nodes.size())) {
      if (!replica.server().command("INFO", "replication").contains("master_link_status:up")) {
        return replica + " is not in sync with its primary";
      }
    }
    return null;
  }
}
