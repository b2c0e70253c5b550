package dev.tether.testkit.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node's view of the cluster, parsed from its {@code CLUSTER NODES} reply. Immutable.
 *
 * @param entries one entry per node line
 */
record ClusterView(List<Entry> entries) {

  /**
   * One line of {@code CLUSTER NODES}.
   *
   * @param id       the node id
   * @param port     the client port
   * @param flags    e.g. {@code myself,master}, {@code slave}, {@code master,fail}
   * @param masterId the primary's id for a replica, else {@code null}
   * @param slots    the slot ranges served, as {@code [from, to]} pairs (inclusive)
   */
  record Entry(String id, int port, List<String> flags, String masterId, List<int[]> slots) {

    boolean isPrimary() {
      return flags.contains("master");
    }

    boolean isFailed() {
      return flags.contains("fail") || flags.contains("fail?");
    }

    boolean serves(int slot) {
      return slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
    }
  }

  static ClusterView parse(String clusterNodes) {
    List<Entry> entries = new ArrayList<>();
    for (String line : clusterNodes.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 8) {
        continue;
      }
      String address = f[1].split("[@,]")[0]; // ip:port@busport[,hostname]
      int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      List<int[]> slots = new ArrayList<>();
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue; // a slot being migrated or imported: not served yet
        }
        String[] range = f[i].split("-");
        int from = Integer.parseInt(range[0]);
        slots.add(new int[] {from, range.length > 1 ? Integer.parseInt(range[1]) : from});
      }
      entries.add(new Entry(f[0], port, List.of(f[2].split(",")), "-".equals(f[3]) ? null : f[3],
          List.copyOf(slots)));
    }
    return new ClusterView(List.copyOf(entries));
  }

  /** The non-failed primary this view says serves {@code slot}. */
  Optional<Entry> primaryFor(int slot) {
    return entries.stream().filter(e -> e.isPrimary() && !e.isFailed() && e.serves(slot)).findFirst();
  }

  /** The replicas this view attaches to primary {@code primaryId}. */
  List<Entry> replicasOf(String primaryId) {
    return entries.stream().filter(e -> !e.isPrimary() && primaryId.equals(e.masterId())).toList();
  }

  /** The number of slots served by some primary in this view. */
  int coveredSlots() {
    return entries.stream().filter(Entry::isPrimary)
        .flatMap(e -> e.slots().stream()).mapToInt(r -> r[1] - r[0] + 1).sum();
  }
}
