package dev.tether.testkit.netns;

import java.util.List;

/**
 * What {@link NetworkNamespace#apply} does to a server's TCP traffic, as nftables rules inside the
 * namespace. The client's kernel sees what it would see on a real network: silence, a RST, or SYNs
 * unanswered.
 */
public enum NetworkFault {
  /** Every packet to and from the port vanishes, both ways: a dead route or a crashed middlebox. */
  BLACKHOLE,
  /** Every packet to the port is answered with a TCP RST: a load balancer or firewall resetting flows. */
  RESET,
  /** SYNs to the port vanish; established flows keep working: connects time out. */
  DROP_SYN,
  /**
   * Flows open now are forgotten, as a NAT or load balancer forgets an idle flow: their packets
   * vanish from now on, while new connections work (the half-open connection behind "ECONNRESET
   * after idle").
   */
  FORGET_FLOWS;

  private static final String INPUT = "add rule inet tether_chaos input ";
  private static final String OUTPUT = "add rule inet tether_chaos output ";

  List<String> rules(int port) {
    return switch (this) {
      case BLACKHOLE -> List.of(INPUT + "tcp dport " + port + " drop", OUTPUT + "tcp sport " + port + " drop");
      case RESET -> List.of(INPUT + "tcp dport " + port + " reject with tcp reset");
      case DROP_SYN -> List.of(INPUT + "tcp dport " + port + " tcp flags & (syn | ack) == syn drop");
      case FORGET_FLOWS -> List.of(
          INPUT + "tcp dport " + port + " ct state invalid drop",
          INPUT + "tcp dport " + port + " ct state new tcp flags & (syn | ack) != syn drop",
          OUTPUT + "tcp sport " + port + " ct state invalid drop");
    };
  }
}
