package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisBinary;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.TestResource;
import dev.tether.testkit.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Sentinel-managed Redis on loopback: a primary, one replica and three sentinels (quorum 2,
 * {@code down-after-milliseconds} 1 s by default), all {@link RedisServer}s from the same binary.
 * {@link #start()} returns once every sentinel names the primary as master, sees the replica and
 * knows the other two sentinels. Clients connect with {@link #sentinelUri()}.
 *
 * <p>The roles move: after {@link #failover()} (or killing the primary, then waiting) {@link
 * #primary()} is the former replica. {@link #servers()} stays the same two processes. The sentinels
 * turn the former primary into a replica only some 8-10 s after the switch (Sentinel waits until
 * the role it reports has been stable for a few INFO periods); {@link #failover()} does not wait
 * for that.
 *
 * <p>Thread-safe: lifecycle methods are serialized on this object; queries open their own admin
 * connections. {@link #close()} kills every process (also after a failed start) and deletes the
 * temp directories; a start that fails closes the set.
 */
public final class RedisSentinelSet implements TestResource {

  private static final Logger LOG = LoggerFactory.getLogger(RedisSentinelSet.class);
  private static final int SENTINELS = 3;
  private static final int QUORUM = 2;

  private final String masterName;
  private final Duration downAfter;
  private final Duration timeout;
  private final ServerGroup group;
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<RedisServer> sentinels = new ArrayList<>();

  private RedisSentinelSet(Builder b) {
    this.masterName = b.masterName;
    this.downAfter = b.downAfter;
    this.timeout = b.timeout;
    this.group = b.group("sentinel set");
  }

  /** A builder; defaults: master name {@code mymaster}, 1 s down-after, 60 s to start. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts primary, replica and sentinels and waits until the sentinels agree; does nothing if
   * started.
   *
   * @throws IllegalStateException if closed or not ready within the timeout (every process
   *     started so far is then killed)
   */
  @Override
  public synchronized RedisSentinelSet start() {
    group.start(() -> {
      RedisServer primary = started(List.of());
      started(List.of("replicaof " + primary.host() + " " + primary.port()));
      RedisBinary sentinel =
          SentinelBinary.linkIn(group.tempDir("tether-sentinel-bin-"), group.binary());
      for (int i = 0; i < SENTINELS; i++) {
        RedisServer s = group.own(group.serverBuilder(sentinel)
            .config("sentinel monitor " + masterName + " " + primary.host() + " " + primary.port()
                    + " " + QUORUM,
                "sentinel down-after-milliseconds " + masterName + " " + downAfter.toMillis(),
                "sentinel failover-timeout " + masterName + " " + downAfter.multipliedBy(5).toMillis())
            .build());
        sentinels.add(s);
        s.start();
      }
      Await.until("sentinels agree on " + primary.port() + " and see the replica", timeout,
          () -> agreed(primary));
    }, () -> "'" + masterName + "', servers " + servers + ", sentinels " + sentinels);
    return this;
  }

  /** Kills every process and deletes its files. Idempotent. */
  @Override
  public void close() {
    group.close();
  }

  /** The master name the sentinels monitor. */
  public String masterName() {
    return masterName;
  }

  /** The three sentinels. */
  public synchronized List<RedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The two data servers, in start order (the first started as primary). */
  public synchronized List<RedisServer> servers() {
    return List.copyOf(servers);
  }

  /**
   * {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#masterName} (Lettuce's form;
   * {@code rediss-sentinel://} for a TLS set).
   */
  public String sentinelUri() {
    StringBuilder uri = new StringBuilder(isTls() ? "rediss-sentinel://" : "redis-sentinel://");
    List<RedisServer> all = sentinels();
    for (int i = 0; i < all.size(); i++) {
      uri.append(i == 0 ? "" : ",").append(all.get(i).host()).append(':').append(all.get(i).port());
    }
    return uri.append('#').append(masterName).toString();
  }

  /**
   * The server the first answering sentinel names as master now ({@code SENTINEL
   * get-master-addr-by-name}).
   *
   * @throws IllegalStateException if no sentinel answers or it names neither server
   */
  public RedisServer primary() {
    return serverAt(masterPort(anySentinel()));
  }

  /** The data server that is not {@link #primary()}. */
  public RedisServer replica() {
    RedisServer primary = primary();
    return servers().stream().filter(s -> s != primary).findFirst().orElseThrow();
  }

  /**
   * {@code SENTINEL FAILOVER} and waits until every running sentinel names the former replica as
   * master.
   *
   * @return the new primary
   * @throws IllegalStateException if the sentinels do not agree on it within the timeout
   */
  public RedisServer failover() {
    RedisServer next = replica();
    long began = System.nanoTime();
    anySentinel().command("SENTINEL", "FAILOVER", masterName);
    Await.until("sentinels agree on " + next.port() + " after failover", timeout, () -> {
      for (RedisServer s : sentinels()) {
        if (s.isRunning() && masterPort(s) != next.port()) {
          return s + " names port " + masterPort(s);
        }
      }
      return null;
    });
    LOG.info("sentinel failover of '{}' to {} agreed in {} ms", masterName, next,
        (System.nanoTime() - began) / 1_000_000);
    return next;
  }

  /** Whether every server and sentinel speaks TLS only. */
  public boolean isTls() {
    return group.isTls();
  }

  /**
   * The certificates every server and sentinel uses: trust {@code caFile()}.
   *
   * @throws IllegalStateException if not a TLS set or not started
   */
  public TestCertificates certificates() {
    return group.certificates();
  }

  @Override
  public String toString() {
    return "RedisSentinelSet[" + masterName + ", " + servers() + ", " + sentinels() + "]";
  }

  // ---------------------------------------------------------------- internals

  private RedisServer started(List<String> config) {
    RedisServer s = group.own(group.dataServerBuilder().config(config.toArray(new String[0])).build());
    servers.add(s);
    return s.start();
  }

  private String agreed(RedisServer primary) {
    for (RedisServer s : sentinels) {
      if (masterPort(s) != primary.port()) {
        return s + " names port " + masterPort(s);
      }
      Map<String, String> master = fields(s.command("SENTINEL", "MASTER", masterName));
      if (!"1".equals(master.get("num-slaves"))) {
        return s + " sees " + master.get("num-slaves") + " replicas";
      }
      if (!String.valueOf(SENTINELS - 1).equals(master.get("num-other-sentinels"))) {
        return s + " knows " + master.get("num-other-sentinels") + " other sentinels";
      }
    }
    return null;
  }

  private int masterPort(RedisServer sentinel) {
    String[] addr = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName).split("\n");
    return Integer.parseInt(addr[1].trim());
  }

  private RedisServer serverAt(int port) {
    return servers().stream().filter(s -> s.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("no server of this set on port " + port));
  }

  private RedisServer anySentinel() {
    return sentinels().stream().filter(s -> s.isRunning() && !s.isFrozen()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no running sentinel"));
  }

  private static Map<String, String> fields(String flat) {
    String[] lines = flat.split("\n");
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < lines.length; i += 2) {
      map.put(lines[i], lines[i + 1]);
    }
    return map;
  }

  /** Configures a {@link RedisSentinelSet}. Not thread-safe. */
  public static final class Builder extends TopologyBuilder<Builder, RedisSentinelSet> {
    private String masterName = "mymaster";
    private Duration downAfter = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The name sentinels monitor the primary under (default {@code mymaster}). */
    public Builder masterName(String name) {
      if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("name: letters, digits, '.', '_' or '-' only, was " + name);
      }
      this.masterName = name;
      return this;
    }

    /** {@code down-after-milliseconds}: how long the primary may be silent (default 1 s). */
    public Builder downAfter(Duration downAfter) {
      this.downAfter = Arguments.positive(downAfter, "downAfter");
      return this;
    }

    /** How long {@link #start()} and {@link RedisSentinelSet#failover()} wait (default 60 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.positive(timeout, "timeout");
      return this;
    }

    /** A new, not yet started set. */
    @Override
    public RedisSentinelSet build() {
      return new RedisSentinelSet(this);
    }
  }
}
