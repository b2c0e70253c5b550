package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisServer;
import java.util.Objects;

/**
 * One node of a {@link RedisCluster}: its process ({@link #server()}) and its cluster node id, which
 * stays the same across kill and restart (it lives in the node's {@code nodes.conf}). Whether it is
 * a primary or a replica changes with failovers: ask {@link RedisCluster#isPrimary(ClusterNode)}.
 * Immutable; thread-safe as far as {@link RedisServer} is.
 */
public final class ClusterNode {

  private final RedisServer server;
  private final String id;

  ClusterNode(RedisServer server, String id) {
    this.server = Objects.requireNonNull(server, "server");
    this.id = Objects.requireNonNull(id, "id");
  }

  /** The node's process: {@code command(...)}, {@code pid()}, {@code isRunning()}, log file. */
  public RedisServer server() {
    return server;
  }

  /** The 40-character cluster node id ({@code CLUSTER MYID}). */
  public String id() {
    return id;
  }

  /** {@code 127.0.0.1}. */
  public String host() {
    return server.host();
  }

  /** The client port; the cluster bus listens on {@code port() + 10000}. */
  public int port() {
    return server.port();
  }

  /** {@code host:port}, the form cluster clients take as a seed. */
  public String address() {
    return host() + ":" + port();
  }

  @Override
  public String toString() {
    return "ClusterNode[" + address() + ", " + id.substring(0, 8) + "]";
  }
}
