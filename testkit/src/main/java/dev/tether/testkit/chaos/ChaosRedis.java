package dev.tether.testkit.chaos;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestResource;
import dev.tether.testkit.internal.Arguments;
import dev.tether.testkit.netns.NetworkFault;
import dev.tether.testkit.netns.NetworkNamespace;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import dev.tether.testkit.proxy.FaultProxyBackend;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.opentest4j.AssertionFailedError;

/**
 * A real Redis behind a fault injector, for chaos tests of your own service: point your client at
 * {@link #uri()}, run your workload, script faults ({@link #reset()}, {@link #outage(Duration)},
 * {@link #latency(Duration)}, {@link #stall()}), and check with {@link #assertInvariants(Ledger)}
 * that no acknowledged write was lost, no write refused as "not sent" was applied, no reply went to
 * the wrong command and no call hung.
 *
 * <pre>{@code
 * @Testkit
 * class OrdersChaosTest {
 *   @Managed static ChaosRedis redis = ChaosRedis.create();
 *
 *   @Test
 *   void ordersSurviveResetsAndAnOutage() {
 *     Ledger ledger = redis.ledger();
 *     // ... your service against redis.uri(), recording into the ledger ...
 *     redis.reset();
 *     redis.outage(Duration.ofSeconds(1));
 *     try (Fault slow = redis.latency(Duration.ofMillis(300))) { ... }
 *     redis.assertInvariants(ledger);
 *   }
 * }
 * }</pre>
 *
 * <p>Backends: a Toxiproxy proxy ({@link #create()}: the real Toxiproxy in a container where Docker
 * answers, else tether's embedded one; or {@link #create(FaultProxyBackend)}), or a network namespace
 * ({@link #network()}: kernel faults, root only; latency is not offered there). The server is checked
 * over the kit's own connection, never through the faults. Thread-safe; fault methods are meant for
 * the test thread while workload threads run.
 */
public final class ChaosRedis implements TestResource {

  /** How long {@link #reset()} keeps resetting connections that carry data, in ms. */
  public static final long RESET_WINDOW_MS = 150;
  /** A call that takes longer than this is hung, unless {@link #ledger(Duration)} says otherwise. */
  public static final Duration DEFAULT_HUNG_BOUND = Duration.ofSeconds(5);

  private final FaultProxyBackend proxyBackend;
  private final boolean network;
  private RedisServer server;
  private FaultProxies proxies;
  private FaultProxy proxy;
  private NetworkNamespace namespace;

  private ChaosRedis(FaultProxyBackend proxyBackend, boolean network) {
    this.proxyBackend = proxyBackend;
    this.network = network;
  }

  /** A plain Redis behind the default fault proxy (see {@link FaultProxies#start()}); not started. */
  public static ChaosRedis create() {
    return new ChaosRedis(null, false);
  }

  /** A plain Redis behind a proxy of {@code backend}; not started. */
  public static ChaosRedis create(FaultProxyBackend backend) {
    return new ChaosRedis(Objects.requireNonNull(backend, "backend"), false);
  }

  /**
   * A plain Redis in a network namespace, faults made by the kernel; not started. {@link #start()}
   * skips the test where namespaces cannot be made (no root, no {@code ip netns}, no {@code nft}).
   */
  public static ChaosRedis network() {
    return new ChaosRedis(null, true);
  }

  @Override
  public synchronized ChaosRedis start() {
    if (server != null) {
      return this;
    }
    try {
      if (network) {
        namespace = NetworkNamespace.create();
        server = RedisServer.builder().in(namespace).start();
      } else {
        server = RedisServer.plain().start();
        proxies = proxyBackend == null ? FaultProxies.start() : FaultProxies.start(proxyBackend);
        proxy = proxies.proxyTo(server.host(), server.port());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("could not create the fault proxy", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  /** The host your client connects to. */
  public String host() {
    requireStarted();
    return network ? server.host() : proxy.clientHost();
  }

  /** The port your client connects to. */
  public int port() {
    requireStarted();
    return network ? server.port() : proxy.clientPort();
  }

  /** {@code redis://host:port}: what to give your service as {@code REDIS_URL}. */
  public String uri() {
    String host = host();
    return "redis://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The server itself, for setup and for reading the truth (not through the faults). */
  public RedisServer server() {
    requireStarted();
    return server;
  }

  /** A fresh ledger for one workload run, with the {@linkplain #DEFAULT_HUNG_BOUND default hung bound}. */
  public Ledger ledger() {
    return ledger(DEFAULT_HUNG_BOUND);
  }

  /** A fresh ledger whose calls are hung beyond {@code hungBound}. */
  public Ledger ledger(Duration hungBound) {
    return new Ledger(Arguments.positive(hungBound, "hungBound"));
  }

  /**
   * Resets every connection that carries data during the next {@value #RESET_WINDOW_MS} ms with a TCP
   * RST (new connections too), then lets traffic through again. Blocks for that window. An idle
   * connection is not touched.
   */
  public void reset() {
    try (Fault f = network ? kernel(NetworkFault.RESET) : toxics(t -> List.of(
        t.resetPeer("chaos-reset-up", ToxicDirection.UPSTREAM, 0),
        t.resetPeer("chaos-reset-down", ToxicDirection.DOWNSTREAM, 0)))) {
      sleep(Duration.ofMillis(RESET_WINDOW_MS));
    }
  }

  /**
   * Redis is unreachable for {@code duration}, then reachable again: open connections are closed and
   * new ones refused. Blocks for {@code duration}.
   */
  public void outage(Duration duration) {
    Arguments.positive(duration, "duration");
    if (network) {
      try (Fault f = kernel(NetworkFault.RESET)) {
        sleep(duration);
      }
      return;
    }
    try {
      proxy.proxy().disable();
      try {
        sleep(duration);
      } finally {
        proxy.proxy().enable();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every reply arrives {@code latency} late until the returned fault is closed.
   *
   * @throws UnsupportedOperationException on the network backend
   */
  public Fault latency(Duration latency) {
    Arguments.positive(latency, "latency");
    if (network) {
      throw new UnsupportedOperationException("latency needs a proxy backend (tc netem is not used by the network backend)");
    }
    return toxics(t -> List.of(t.latency("chaos-latency", ToxicDirection.DOWNSTREAM, latency.toMillis())));
  }

  /**
   * Connections stay open and nothing moves either way until the returned fault is closed: a frozen
   * path, which only a timeout or a stall detector notices.
   */
  public Fault stall() {
    if (network) {
      return kernel(NetworkFault.BLACKHOLE);
    }
    return toxics(t -> List.of(t.bandwidth("chaos-stall-up", ToxicDirection.UPSTREAM, 0),
        t.bandwidth("chaos-stall-down", ToxicDirection.DOWNSTREAM, 0)));
  }

  /**
   * Checks the invariants over what {@code ledger} recorded, reading the server directly: every
   * acknowledged write is there with its value, no write refused as "not sent" is there, no checked
   * reply went astray, and no call took longer than the hung bound (or is still running past it).
   *
   * @throws AssertionFailedError listing every broken invariant with examples
   */
  public void assertInvariants(Ledger ledger) {
    List<String> lost = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> e : ledger.acknowledgedWrites().entrySet()) {
      String actual = server().command("GET", e.getKey());
      if (actual == null) {
        lost.add(e.getKey());
      } else if (!actual.equals(e.getValue())) {
        wrong.add(e.getKey() + " holds " + actual + ", acknowledged " + e.getValue());
      }
    }
    List<String> phantom = new ArrayList<>();
    for (String key : ledger.notSentWrites()) {
      if (server().command("EXISTS", key).equals("1")) {
        phantom.add(key);
      }
    }
    List<String> misdelivered = new ArrayList<>(ledger.misdeliveredReplies());
    misdelivered.addAll(wrong);
    long hung = ledger.hung();
    if (lost.isEmpty() && phantom.isEmpty() && misdelivered.isEmpty() && hung == 0) {
      return;
    }
    StringBuilder s = new StringBuilder("chaos invariants broken (" + ledger.calls() + " calls recorded):");
    describe(s, "acknowledged writes lost", lost);
    describe(s, "phantom writes (refused as not sent, applied anyway)", phantom);
    describe(s, "misdelivered replies", misdelivered);
    if (hung > 0) {
      s.append("\n  calls hung beyond ").append(ledger.hungBound().toMillis()).append(" ms: ").append(hung);
    }
    throw new AssertionFailedError(s.toString());
  }

  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (AutoCloseable c : new AutoCloseable[] {proxies, server, namespace}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        failure = failure == null ? new IllegalStateException("closing ChaosRedis failed", e) : failure;
      }
    }
    proxies = null;
    proxy = null;
    server = null;
    namespace = null;
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "ChaosRedis[" + (network ? "network namespace" : proxyBackend == null ? "default proxy" : proxyBackend)
        + (server == null ? ", not started" : ", " + uri()) + "]";
  }

  @FunctionalInterface
  private interface ToxicsFactory {
    List<Toxic> add(eu.rekawek.toxiproxy.model.ToxicList toxics) throws IOException;
  }

  private Fault toxics(ToxicsFactory factory) {
    requireStarted();
    List<Toxic> added;
    try {
      added = factory.add(proxy.proxy().toxics());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return once(() -> {
      for (Toxic t : added) {
        try {
          t.remove();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });
  }

  private Fault kernel(NetworkFault fault) {
    requireStarted();
    namespace.apply(fault, server.port());
    return once(namespace::clear);
  }

  private static Fault once(Runnable clear) {
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        clear.run();
      }
    };
  }

  private static void describe(StringBuilder s, String what, List<String> items) {
    if (!items.isEmpty()) {
      s.append("\n  ").append(what).append(": ").append(items.size()).append(", e.g. ")
          .append(items.subList(0, Math.min(5, items.size())));
    }
  }

  private static void sleep(Duration d) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(d.toMillis()));
  }

  private synchronized void requireStarted() {
    if (server == null) {
      throw new IllegalStateException("not started: use @Managed with @Testkit, or call start()");
    }
  }
}
