package dev.tether.testkit.internal;

import dev.tether.testkit.RedisBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * One {@code redis-server} executable run in its own private work directory: writes the config,
 * spawns, signals and kills the process, and reads back the tail of its log. Knows nothing about
 * the Redis protocol or ports. Only the process it spawned is ever signalled. Not thread-safe: the
 * owning {@link RedisLauncher} is driven by {@code RedisServer}, which serializes calls.
 */
public final class RedisProcess {

  private static final int LOG_TAIL_LINES = 25;

  private final RedisBinary binary;
  private final Path workDir;
  private volatile Process process;
  private volatile boolean frozen;

  private RedisProcess(RedisBinary binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /** Creates the work directory ({@code rwx------}, deleted at JVM exit at the latest). */
  public static RedisProcess in(RedisBinary binary) {
    try {
      Path dir =
          Files.createTempDirectory(
              "tether-redis-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return new RedisProcess(binary, OwnedResources.deleteOnExit(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temp dir for redis-server", e);
    }
  }

  public RedisBinary binary() {
    return binary;
  }

  public Path workDir() {
    return workDir;
  }

  /** The server's stdout/stderr, appended across restarts. */
  public Path logFile() {
    return workDir.resolve("redis.log");
  }

  /** Writes {@code redis.conf} with {@code configText} and starts the executable on it. */
  public void spawn(String configText) {
    spawn(List.of(), configText);
  }

  /**
   * Like {@link #spawn(String)}, with {@code launcher} before the executable (e.g. {@code ip netns
   * exec NAME}, which execs, so the process is still the server's own).
   */
  public void spawn(List<String> launcher, String configText) {
    Path conf = workDir.resolve("redis.conf");
    try {
      Files.writeString(conf, configText, StandardCharsets.UTF_8);
      List<String> command = new java.util.ArrayList<>(launcher);
      command.add(binary.path().toString());
      command.add(conf.toString());
      process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
      OwnedResources.track(process);
      frozen = false;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The exit code of the last process, which must have exited. */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * The pid of the running process.
   *
   * @throws IllegalStateException if not running
   */
  public long pid() {
    return requireAlive().pid();
  }

  /** SIGSTOP: connections are still accepted by the kernel, nothing is answered. */
  public void freeze() {
    Signals.send("STOP", requireAlive().pid());
    frozen = true;
  }

  /** SIGCONT. */
  public void unfreeze() {
    Signals.send("CONT", requireAlive().pid());
    frozen = false;
  }

  public boolean isFrozen() {
    return frozen && isAlive();
  }

  /** SIGKILL (ends a frozen process too) and waits for the exit. Does nothing if none runs. */
  public void kill() {
    Process p = process;
    if (p != null) {
      OwnedResources.kill(p);
    }
    frozen = false;
  }

  /** Kills the process and deletes the work directory. */
  public void destroy() {
    kill();
    OwnedResources.deleteNow(workDir);
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    Path log = logFile();
    if (!Files.exists(log)) {
      return "(no log)";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private Process requireAlive() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("server not running");
    }
    return p;
  }
}
