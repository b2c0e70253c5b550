package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code redis-server} runs as Sentinel when its program name contains {@code redis-sentinel}:
 * a symlink of that name in a temp directory lets {@code RedisServer} start sentinels from the
 * same binary without a {@code --sentinel} argument. The caller deletes the directory.
 */
final class SentinelBinary {

  private SentinelBinary() {}

  /** Creates {@code dir/redis-sentinel -> server}; returns it as a binary. */
  static RedisBinary linkIn(Path dir, RedisBinary server) {
    try {
      Path link = Files.createSymbolicLink(dir.resolve("redis-sentinel"), server.path().toAbsolutePath());
      return RedisBinary.of(link);
    } catch (IOException e) {
      throw new UncheckedIOException("could not link redis-sentinel to " + server.path(), e);
    }
  }
}
