package dev.tether.testkit;

import dev.tether.testkit.internal.EmbeddedRedisBinary;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The {@code redis-server} executable the testkit runs, and why it was chosen. {@link #resolve()}
 * looks, in order, at the {@value #ENV_VARIABLE} environment variable, {@code redis-server} on
 * {@code PATH}, then the linux/macOS binary shipped inside {@code
 * com.github.codemonstur:embedded-redis} 1.4.4 (Redis 6.2 built with TLS), extracted once per JVM.
 *
 * <p>Immutable and thread-safe.
 */
public final class RedisBinary {

  /** Environment variable naming an explicit {@code redis-server} executable, or {@value #EMBEDDED}. */
  public static final String ENV_VARIABLE = "REDIS_SERVER_BIN";

  /**
   * {@code REDIS_SERVER_BIN=embedded} uses the embedded-redis jar's binary even when {@code PATH} has
   * one, so that CI can run the suite against both the embedded 6.2 and the system's Redis.
   */
  public static final String EMBEDDED = "embedded";

  /** Where the binary came from. */
  public enum Source {
    /** {@value RedisBinary#ENV_VARIABLE}. */
    ENVIRONMENT,
    /** {@code redis-server} found on {@code PATH}. */
    PATH,
    /** Extracted from the embedded-redis jar. */
    EMBEDDED_JAR,
    /** Given explicitly through {@link #of(Path)}. */
    EXPLICIT
  }

  private static final Pattern VERSION = Pattern.compile("v=(\\S+)");
  private static volatile RedisBinary resolved;

  private final Path path;
  private final Source source;
  private final String reason;
  private volatile String version;

  private RedisBinary(Path path, Source source, String reason) {
    this.path = path;
    this.source = source;
    this.reason = reason;
  }

  /**
   * Finds the binary (cached after the first call).
   *
   * @throws IllegalStateException if {@value #ENV_VARIABLE} names a file that is not executable
   *     (an explicit choice is never silently replaced), or no binary exists for this platform
   */
  public static RedisBinary resolve() {
    RedisBinary found = resolved;
    if (found == null) {
      synchronized (RedisBinary.class) {
        if (resolved == null) {
          resolved = lookUp(System.getenv(ENV_VARIABLE), System.getenv("PATH"));
          LoggerFactory.getLogger(RedisBinary.class).info("using {}", resolved);
        }
        found = resolved;
      }
    }
    return found;
  }

  /**
   * Uses the given executable.
   *
   * @throws IllegalArgumentException if {@code executable} is not an executable file
   */
  public static RedisBinary of(Path executable) {
    Objects.requireNonNull(executable, "executable");
    if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
      throw new IllegalArgumentException("executable: " + executable + " is not an executable file");
    }
    return new RedisBinary(executable, Source.EXPLICIT, "given explicitly");
  }

  static RedisBinary lookUp(String envValue, String pathValue) {
    if (envValue != null && EMBEDDED.equalsIgnoreCase(envValue.trim())) {
      return embedded(ENV_VARIABLE + "=" + EMBEDDED);
    }
    if (envValue != null && !envValue.isBlank()) {
      Path fromEnv = Path.of(envValue.trim());
      if (!Files.isRegularFile(fromEnv) || !Files.isExecutable(fromEnv)) {
        throw new IllegalStateException(
            ENV_VARIABLE + "=" + envValue + " is not an executable file; fix or unset it");
      }
      return new RedisBinary(fromEnv, Source.ENVIRONMENT, ENV_VARIABLE + " is set");
    }
    Optional<Path> onPath = findOnPath(pathValue);
    if (onPath.isPresent()) {
      return new RedisBinary(
          onPath.get(), Source.PATH, ENV_VARIABLE + " is not set; redis-server found on PATH");
    }
    return embedded(ENV_VARIABLE + " is not set and no redis-server on PATH");
  }

  private static RedisBinary embedded(String why) {
    String resource =
        EmbeddedRedisBinary.resourceName()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no redis-server: set "
                            + ENV_VARIABLE
                            + " or put redis-server on PATH (embedded-redis ships no binary for "
                            + System.getProperty("os.name")
                            + "/"
                            + System.getProperty("os.arch")
                            + ")"));
    return new RedisBinary(
        EmbeddedRedisBinary.extract(resource),
        Source.EMBEDDED_JAR,
        why + "; using " + resource + " from the embedded-redis jar");
  }

  private static Optional<Path> findOnPath(String pathValue) {
    if (pathValue == null) {
      return Optional.empty();
    }
    for (String dir : pathValue.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The executable. */
  public Path path() {
    return path;
  }

  /** Where it came from. */
  public Source source() {
    return source;
  }

  /** Why it was chosen, for logs and reports. */
  public String reason() {
    return reason;
  }

  /**
   * The server version reported by {@code redis-server --version} (e.g. {@code 6.2.11}), run once.
   *
   * @throws IllegalStateException if the binary does not run
   */
  public String version() {
    String v = version;
    if (v == null) {
      v = readVersion();
      version = v;
    }
    return v;
  }

  private String readVersion() {
    try {
      Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(path + " --version did not exit in 10 s");
      }
      String text = new String(output, StandardCharsets.UTF_8).trim();
      Matcher m = VERSION.matcher(text);
      if (process.exitValue() != 0 || !m.find()) {
        throw new IllegalStateException(path + " --version failed: " + text);
      }
      return m.group(1);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + path + " --version", e);
    }
  }

  @Override
  public String toString() {
    return "redis-server " + path + " (" + source + ": " + reason + ")";
  }
}
