package dev.tether.testkit.cluster;

import dev.tether.testkit.RedisReplyException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Bounded polling for topology start-up (testkit's main code has no Awaitility). Stateless. */
final class Await {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Await() {}

  /**
   * Polls {@code check} until it returns {@code null} (done) or {@code timeout} passes. A check
   * that throws a {@link RuntimeException} (e.g. a node not answering) counts as not done yet.
   *
   * @param check returns {@code null} when the condition holds, else why it does not yet
   * @throws IllegalStateException on timeout, naming {@code what} and the last reason
   */
  static void until(String what, Duration timeout, Supplier<String> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String reason;
    while (true) {
      try {
        reason = check.get();
      } catch (UncheckedIOException | IllegalStateException | RedisReplyException e) {
        reason = e.getMessage();
      }
      if (reason == null) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException(what + " not reached within " + timeout + ": " + reason);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
