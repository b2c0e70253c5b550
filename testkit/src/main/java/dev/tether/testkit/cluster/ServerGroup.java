package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisBinary;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import dev.tether.testkit.internal.OwnedResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle {@link RedisCluster} and {@link RedisSentinelSet} share: the servers, certificates
 * and temp directories of one topology, started once and closed together. A start that fails
 * closes everything started so far (and the group with it); an {@link IllegalStateException} from
 * it comes back with the tail of every server's log. Thread-safe: lifecycle methods are serialized
 * on this object.
 */
final class ServerGroup {

  /** A topology's own start-up: starts its servers (through {@link #own}) and waits for them. */
  interface Startup {
    void run() throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ServerGroup.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);
  private static final int LOG_TAIL_LINES = 5;

  private final String kind;
  private final boolean tls;
  private final RedisBinary binary;
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Path> tempDirs = new ArrayList<>();
  private TestCertificates certificates;
  private boolean started;
  private volatile boolean closed;

  /**
   * @param kind   what the group is called in messages, e.g. {@code "cluster"}
   * @param binary the binary every server runs, {@code null} for {@link RedisBinary#resolve()}
   */
  ServerGroup(String kind, boolean tls, RedisBinary binary) {
    this.kind = kind;
    this.tls = tls;
    this.binary = binary;
  }

  /**
   * Generates the certificates of a TLS group, then runs {@code startup}, unless the group has
   * started before.
   *
   * @param summary what the ready group looks like, for the log line
   * @return whether {@code startup} ran
   * @throws IllegalStateException if the group is closed, or as {@code startup} throws it
   */
  synchronized boolean start(Startup startup, Supplier<String> summary) {
    if (closed) {
      throw new IllegalStateException(kind + " closed");
    }
    if (started) {
      return false;
    }
    started = true;
    long began = System.nanoTime();
    try {
      if (tls) {
        certificates = TestCertificates.create();
      }
      startup.run();
    } catch (IllegalStateException e) {
      String tails = logTails();
      close();
      throw new IllegalStateException(e.getMessage() + tails, e);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(kind + " did not start: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("{} ready in {} ms: {}", kind, (System.nanoTime() - began) / 1_000_000, summary.get());
    return true;
  }

  /**
   * A server builder for this group: its binary ({@code binary}, if not null, wins), a short admin
   * timeout and, in a TLS group, the group's certificates, also for replication.
   */
  synchronized RedisServer.Builder serverBuilder(RedisBinary binary) {
    RedisServer.Builder b = RedisServer.builder().adminTimeout(ADMIN_TIMEOUT);
    RedisBinary chosen = binary != null ? binary : this.binary;
    if (chosen != null) {
      b.binary(chosen);
    }
    if (certificates != null) {
      b.tls(certificates).config("tls-replication yes");
    }
    return b;
  }

  /** {@link #serverBuilder} for a data server (primary or replica) of the group's binary. */
  RedisServer.Builder dataServerBuilder() {
    // Redis 7 syncs replicas diskless after a 5 s delay by default: start-up would wait it.
    return serverBuilder(null).config("repl-diskless-sync-delay 0");
  }

  /** The binary every server runs unless told otherwise. */
  RedisBinary binary() {
    return binary != null ? binary : RedisBinary.resolve();
  }

  /** Registers {@code server} to be closed with the group; returns it. */
  synchronized RedisServer own(RedisServer server) {
    servers.add(server);
    return server;
  }

  /** A new temp directory, deleted with the group (or at JVM exit). */
  synchronized Path tempDir(String prefix) throws IOException {
    Path dir = OwnedResources.deleteOnExit(Files.createTempDirectory(prefix));
    tempDirs.add(dir);
    return dir;
  }

  /** Kills every server, deletes certificates and temp directories. Idempotent. */
  synchronized void close() {
    closed = true;
    servers.forEach(RedisServer::close);
    if (certificates != null) {
      OwnedResources.deleteNow(certificates.directory());
    }
    tempDirs.forEach(OwnedResources::deleteNow);
  }

  boolean isTls() {
    return tls;
  }

  /**
   * The group's certificates.
   *
   * @throws IllegalStateException if not a TLS group or not started
   */
  synchronized TestCertificates certificates() {
    if (certificates == null) {
      throw new IllegalStateException(tls ? kind + " not started" : "not a TLS " + kind);
    }
    return certificates;
  }

  private String logTails() {
    StringBuilder out = new StringBuilder();
    for (RedisServer server : servers) {
      Path log = server.logFile();
      if (log == null) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(log);
        out.append("\n--- ").append(server).append(" log tail:\n").append(String.join("\n",
            lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
      } catch (IOException | RuntimeException e) {
        out.append("\n--- ").append(server).append(" log unreadable: ").append(e);
      }
    }
    return out.toString();
  }
}
