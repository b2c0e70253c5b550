package dev.tether.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Extracts the {@code redis-server} shipped at the root of the {@code
 * com.github.codemonstur:embedded-redis} 1.4.4 jar (e.g. {@code redis-server-6.2.6-v5-linux-amd64},
 * Redis 6.2 linked against OpenSSL 3, so TLS works) to a temp dir, once per JVM. Thread-safe.
 */
public final class EmbeddedRedisBinary {

  private static Path extracted;

  private EmbeddedRedisBinary() {}

  /** The resource name for this OS and CPU, or empty where the jar ships none (e.g. Windows). */
  public static Optional<String> resourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
    if (os.contains("linux")) {
      if (x64) return Optional.of("redis-server-6.2.6-v5-linux-amd64");
      if (arm64) return Optional.of("redis-server-6.2.7-linux-arm64");
      if (x86) return Optional.of("redis-server-6.2.7-linux-386");
    } else if (os.contains("mac") || os.contains("darwin")) {
      if (x64) return Optional.of("redis-server-6.2.6-v5-darwin-amd64");
      if (arm64) return Optional.of("redis-server-6.2.6-v5-darwin-arm64");
    }
    return Optional.empty();
  }

  /** Extracts the binary on first call and returns the same path afterwards. */
  public static synchronized Path extract(String resourceName) {
    if (extracted != null && Files.isExecutable(extracted)) {
      return extracted;
    }
    ClassLoader loader = EmbeddedRedisBinary.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resourceName)) {
      if (in == null) {
        throw new IllegalStateException(
            resourceName + " not found on the classpath: is com.github.codemonstur:embedded-redis"
                + " 1.4.4 a dependency?");
      }
      Path dir = OwnedResources.deleteOnExit(Files.createTempDirectory("tether-redis-bin-"));
      Path binary = dir.resolve("redis-server");
      Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
      if (!binary.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("could not chmod +x " + binary);
      }
      extracted = binary;
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract " + resourceName, e);
    }
  }
}
