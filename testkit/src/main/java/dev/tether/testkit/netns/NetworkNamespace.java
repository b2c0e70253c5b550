package dev.tether.testkit.netns;

import dev.tether.testkit.TestResource;
import dev.tether.testkit.internal.Commands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux network namespace joined to this host by a veth pair, for faults a proxy cannot make: a
 * server started {@link dev.tether.testkit.RedisServer.Builder#in(NetworkNamespace) in} it is
 * reached at {@link #address()} through real kernel TCP, and {@link #apply(NetworkFault)} installs
 * nftables rules inside the namespace that drop packets silently, reset flows, drop SYNs or forget
 * idle flows the way a NAT does. Needs root, {@code ip} (iproute2) and {@code nft} (nftables);
 * {@link #create()} aborts the test (skipped, never failed) where they are missing.
 *
 * <p>Everything lives inside the namespace (rules, the namespace end of the veth), so deleting the
 * namespace removes it all: {@link #close()} does, also a shutdown hook, and {@link #create()}
 * first sweeps namespaces a killed JVM left behind ({@value #PREFIX}{@code <pid>-*} of dead pids).
 * Only namespaces with that prefix are ever touched. Thread-safe.
 */
public final class NetworkNamespace implements TestResource {

  /** Every namespace this kit creates is named {@code tether-chaos-<pid>-<n>}. */
  public static final String PREFIX = "tether-chaos-";

  private static final Logger LOG = LoggerFactory.getLogger(NetworkNamespace.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();
  private static final String TABLE = "tether_chaos";

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> OPEN.forEach(NetworkNamespace::delete), "tether-netns-cleanup"));
  }

  private final String name;
  private final String hostAddress;
  private final String address;
  private volatile NetworkFault active;
  private volatile boolean closed;

  private NetworkNamespace(String name, String hostAddress, String address) {
    this.name = name;
    this.hostAddress = hostAddress;
    this.address = address;
  }

  /**
   * Why namespaces cannot be made here, or {@code null} when they can (root, {@code ip netns},
   * {@code nft}).
   */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network faults need root (running as " + System.getProperty("user.name") + ")";
    }
    if (!Commands.run(List.of("ip", "netns", "list")).ok()) {
      return "'ip netns' does not work here (Debian package iproute2)";
    }
    if (!Commands.run(List.of("nft", "--version")).ok()) {
      return "nft is not installed (Debian package nftables)";
    }
    return null;
  }

  /**
   * Creates a namespace with a veth pair and a /30 of 10.213.0.0/16, and the (empty) rule table.
   *
   * @throws TestAbortedException where namespaces cannot be made (see {@link #unavailableReason()})
   * @throws IllegalStateException if a setup command fails on a machine that should support it
   */
  public static NetworkNamespace create() {
    String reason = unavailableReason();
    if (reason != null) {
      throw new TestAbortedException("network namespace backend unavailable: " + reason);
    }
    sweepStale();
    long pid = ProcessHandle.current().pid();
    int n = SEQUENCE.incrementAndGet();
    int subnet = ThreadLocalRandom.current().nextInt(1, 16_000);
    String name = PREFIX + pid + "-" + n;
    String hostAddress = ip(subnet, 1);
    String address = ip(subnet, 2);
    String tag = Integer.toHexString((int) (pid % 0xfffff)) + Integer.toHexString(n);
    String hostIf = "tc" + tag + "h";
    String nsIf = "tc" + tag + "n";
    NetworkNamespace ns = new NetworkNamespace(name, hostAddress, address);
    OPEN.add(name);
    try {
      Commands.require(List.of("ip", "netns", "add", name));
      Commands.require(List.of("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf));
      Commands.require(List.of("ip", "link", "set", nsIf, "netns", name));
      Commands.require(List.of("ip", "addr", "add", hostAddress + "/30", "dev", hostIf));
      Commands.require(List.of("ip", "link", "set", hostIf, "up"));
      ns.exec("ip", "addr", "add", address + "/30", "dev", nsIf);
      ns.exec("ip", "link", "set", nsIf, "up");
      ns.exec("ip", "link", "set", "lo", "up");
      // A flow the "NAT" no longer knows must not be picked up mid-stream again.
      Commands.run(ns.inside("sysctl", "-qw", "net.netfilter.nf_conntrack_tcp_loose=0"));
      ns.exec("nft", "add", "table", "inet", TABLE);
      ns.exec("nft", "add chain inet " + TABLE + " input { type filter hook input priority 0 ; policy accept ; }");
      ns.exec("nft", "add chain inet " + TABLE + " output { type filter hook output priority 0 ; policy accept ; }");
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
    LOG.info("network namespace {}: {} (host) <-> {} (namespace)", name, hostAddress, address);
    return ns;
  }

  /** The namespace's address: what a client on this host connects to. */
  public String address() {
    return address;
  }

  /** This host's end of the veth pair. */
  public String hostAddress() {
    return hostAddress;
  }

  public String name() {
    return name;
  }

  /** {@code ip netns exec <name> command...}: how to run a process inside. */
  public List<String> inside(String... command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", name));
    out.addAll(List.of(command));
    return out;
  }

  /**
   * Installs {@code fault} for traffic to and from {@code port} inside the namespace, replacing any
   * fault in place.
   */
  public synchronized void apply(NetworkFault fault, int port) {
    requireOpen();
    clear();
    if (fault == NetworkFault.FORGET_FLOWS) {
      // Rules first (they turn connection tracking on), then drop whatever it already tracked.
      for (String rule : fault.rules(port)) {
        exec("nft", rule);
      }
      Commands.run(inside("conntrack", "-D", "-p", "tcp", "--orig-port-dst", String.valueOf(port)));
    } else {
      for (String rule : fault.rules(port)) {
        exec("nft", rule);
      }
    }
    active = fault;
    LOG.info("{}: {} on port {}", name, fault, port);
  }

  /** Removes every rule: packets flow again (flows a fault reset or forgot stay gone). */
  public synchronized void clear() {
    if (closed) {
      return;
    }
    exec("nft", "flush chain inet " + TABLE + " input");
    exec("nft", "flush chain inet " + TABLE + " output");
    if (active != null) {
      LOG.info("{}: {} cleared", name, active);
    }
    active = null;
  }

  /** The fault in place, or {@code null}. */
  public NetworkFault active() {
    return active;
  }

  /** Already running: returns this. */
  @Override
  public NetworkNamespace start() {
    requireOpen();
    return this;
  }

  /** Deletes the namespace with its rules and veth pair. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    delete(name);
    OPEN.remove(name);
  }

  @Override
  public String toString() {
    return "NetworkNamespace[" + name + " " + address + (closed ? ", closed" : "") + "]";
  }

  private void exec(String... command) {
    Commands.require(inside(command));
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("namespace " + name + " is closed");
    }
  }

  private static void delete(String name) {
    Commands.Result r = Commands.run(List.of("ip", "netns", "delete", name));
    if (!r.ok() && !r.output().contains("No such file")) {
      LOG.warn("could not delete network namespace {}: {}", name, r.output());
    }
  }

  /** Deletes {@value #PREFIX} namespaces whose creating JVM is gone. */
  static void sweepStale() {
    for (String line : Commands.run(List.of("ip", "netns", "list")).output().split("\n")) {
      String ns = line.strip().split("\\s+")[0];
      if (!ns.startsWith(PREFIX)) {
        continue;
      }
      String[] parts = ns.substring(PREFIX.length()).split("-");
      try {
        long pid = Long.parseLong(parts[0]);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
      } catch (NumberFormatException e) {
        // not one of ours after all: a name that only starts like ours is left alone
        continue;
      }
      LOG.info("deleting stale network namespace {}", ns);
      delete(ns);
    }
  }

  private static String ip(int subnet, int host) {
    int base = subnet * 4;
    return "10.213." + (base / 256 % 256) + "." + (base % 256 + host);
  }
}
