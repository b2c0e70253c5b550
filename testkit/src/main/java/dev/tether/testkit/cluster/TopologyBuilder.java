package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisBinary;
import dev.tether.testkit.TestResource;
import java.util.Objects;

/**
 * What the builders of {@link RedisCluster} and {@link RedisSentinelSet} share: TLS, the binary,
 * building and starting. Package-private like {@code AbstractStringBuilder}: its public methods are
 * part of each public builder. Not thread-safe.
 *
 * @param <B> the builder itself, returned by the setters
 * @param <T> the topology it builds
 */
abstract class TopologyBuilder<B extends TopologyBuilder<B, T>, T extends TestResource> {

  private RedisBinary binary;
  private boolean tls;

  TopologyBuilder() {}

  /**
   * TLS only, for clients, replication, sentinels and a cluster's bus ({@code tls-cluster}), with
   * one set of certificates generated for the whole topology.
   */
  public B tls() {
    this.tls = true;
    return self();
  }

  /** Runs this binary instead of {@link RedisBinary#resolve()}. */
  public B binary(RedisBinary binary) {
    this.binary = Objects.requireNonNull(binary, "binary");
    return self();
  }

  /** A new, not yet started topology. */
  public abstract T build();

  /** {@code build().start()}. */
  public T start() {
    T topology = build();
    topology.start();
    return topology;
  }

  /** The group that starts and closes the topology's servers, called {@code kind} in messages. */
  ServerGroup group(String kind) {
    return new ServerGroup(kind, tls, binary);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
