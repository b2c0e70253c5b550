package dev.tether.testkit.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The processes and temp directories this JVM's testkit created, so a JVM exit (normal or via
 * signal other than SIGKILL) kills exactly those processes and nothing else. Thread-safe.
 */
public final class OwnedResources {

  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(OwnedResources::cleanUp, "tether-testkit-cleanup"));
  }

  private OwnedResources() {}

  public static void track(Process process) {
    PROCESSES.add(process);
  }

  /** Kills the process with SIGKILL (works on a SIGSTOPped one too) and waits for it to exit. */
  public static void kill(Process process) {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server pid " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      PROCESSES.remove(process);
    }
  }

  /** Deletes {@code dir} at JVM exit unless {@link #deleteNow} got to it first. */
  public static Path deleteOnExit(Path dir) {
    DIRECTORIES.add(dir);
    return dir;
  }

  public static void deleteNow(Path dir) {
    DIRECTORIES.remove(dir);
    deleteRecursively(dir);
  }

  private static void cleanUp() {
    PROCESSES.forEach(Process::destroyForcibly);
    DIRECTORIES.forEach(OwnedResources::deleteRecursively);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // best effort: a temp dir left behind is harmless
    }
  }
}
