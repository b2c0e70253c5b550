package dev.tether.testkit.internal;

import dev.tether.testkit.RedisBinary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process side of one test server: chooses the binary at the first start, picks a free port
 * (retrying when another process takes it first) or uses a fixed one, writes the config and
 * launches a {@link RedisProcess}, waits until the server answers, and signals or kills it. The
 * port, once chosen, stays the server's across kills and restarts. Not thread-safe: the owning
 * {@code RedisServer} serializes lifecycle calls; the accessors may be read from any thread.
 */
public final class RedisLauncher {

  /** The {@code redis.conf} text for a server on {@code port} whose work directory is {@code dir}. */
  @FunctionalInterface
  public interface ConfigRenderer {
    String render(int port, Path dir);
  }

  /** One readiness check of the server on {@code port}. */
  @FunctionalInterface
  public interface ReadinessProbe {
    /** {@code null} when the server answered as a ready server does, else what went wrong. */
    Exception probe(int port);
  }

  private static final int PORT_ATTEMPTS = 3;

  private final String host;
  private final List<String> launcherPrefix;
  private final RedisBinary explicitBinary;
  private final ConfigRenderer config;
  private final ReadinessProbe readiness;
  private final Duration startupTimeout;

  private volatile RedisProcess process;
  private volatile int port;

  /**
   * @param launcherPrefix what runs the executable, e.g. {@code ip netns exec NAME}; empty for none
   * @param explicitBinary the binary to run, {@code null} for {@link RedisBinary#resolve()}
   * @param fixedPort      the port to listen on, {@code 0} for a free one picked at start
   */
  public RedisLauncher(String host, List<String> launcherPrefix, RedisBinary explicitBinary,
      int fixedPort, ConfigRenderer config, ReadinessProbe readiness, Duration startupTimeout) {
    this.host = host;
    this.launcherPrefix = List.copyOf(launcherPrefix);
    this.explicitBinary = explicitBinary;
    this.port = fixedPort;
    this.config = config;
    this.readiness = readiness;
    this.startupTimeout = startupTimeout;
  }

  /**
   * Starts the process on its port (a free one at the first start, unless fixed) and waits until
   * it is ready. Does nothing if it runs.
   *
   * @return whether a process was launched
   * @throws IllegalStateException if the port is taken (after {@value #PORT_ATTEMPTS} free ports,
   *     or at once for a fixed or kept port), or the server exits or is not ready within the
   *     startup timeout; the message carries the tail of its log
   */
  public boolean start() {
    if (isRunning()) {
      return false;
    }
    if (process == null) {
      process = RedisProcess.in(explicitBinary != null ? explicitBinary : RedisBinary.resolve());
    }
    boolean pickPort = port == 0;
    for (int attempt = 1; ; attempt++) {
      int candidate = pickPort ? FreePorts.pick() : port;
      try {
        spawn(candidate);
        awaitReady(candidate);
        port = candidate;
        return true;
      } catch (PortTaken e) {
        if (!pickPort || attempt >= PORT_ATTEMPTS) {
          throw new IllegalStateException(
              "port " + candidate + " is already in use; log tail:\n" + logTail(), e);
        }
      }
    }
  }

  /**
   * Kills the process and launches it again on its port without waiting for readiness.
   *
   * @throws IllegalStateException if never started
   */
  public void restartWithoutWaiting() {
    if (process == null || port == 0) {
      throw new IllegalStateException("server never started");
    }
    kill();
    spawn(port);
  }

  /** SIGKILL and wait for the exit; does nothing if not running. */
  public void kill() {
    RedisProcess p = process;
    if (p != null) {
      p.kill();
    }
  }

  /** Kills the process and deletes its work directory. */
  public void destroy() {
    RedisProcess p = process;
    if (p != null) {
      p.destroy();
    }
  }

  /** The server's port, {@code 0} before the first start (unless fixed). */
  public int port() {
    return port;
  }

  public boolean isRunning() {
    RedisProcess p = process;
    return p != null && p.isAlive();
  }

  public boolean isFrozen() {
    RedisProcess p = process;
    return p != null && p.isFrozen();
  }

  /**
   * The running process, to signal.
   *
   * @throws IllegalStateException if not running
   */
  public RedisProcess running() {
    RedisProcess p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("server not running");
    }
    return p;
  }

  /** The binary run, or to be run at the first start. */
  public RedisBinary binary() {
    RedisProcess p = process;
    return p != null ? p.binary() : explicitBinary != null ? explicitBinary : RedisBinary.resolve();
  }

  /** The log across restarts, {@code null} before the first start. */
  public Path logFile() {
    RedisProcess p = process;
    return p == null ? null : p.logFile();
  }

  private static final class PortTaken extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private void spawn(int candidate) {
    process.spawn(launcherPrefix, config.render(candidate, process.workDir()));
  }

  private void awaitReady(int candidate) throws PortTaken {
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String tail = process.logTail();
        if (tail.contains("Address already in use")) {
          throw new PortTaken();
        }
        throw new IllegalStateException(
            "redis-server exited with code " + process.exitValue() + " while starting ("
                + process.binary() + "); log tail:\n" + tail);
      }
      last = readiness.probe(candidate);
      if (last == null) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    kill();
    throw new IllegalStateException(
        "redis-server did not answer PING on " + host + ":" + candidate + " within "
            + startupTimeout + " (last error: " + last + "); log tail:\n" + logTail());
  }

  private String logTail() {
    RedisProcess p = process;
    return p == null ? "(no log)" : p.logTail();
  }
}
