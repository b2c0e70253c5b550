package dev.tether.testkit.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What your own workload saw while faults ran, for {@link ChaosRedis#assertInvariants(Ledger)}: the
 * writes it was told succeeded, the writes it was told were never sent, the replies it checked, and
 * how long each call took. Write each key once (unique keys per write), so "the value is there" means
 * exactly "this write survived". Thread-safe: workers record concurrently.
 */
public final class Ledger {

  private final Duration hungBound;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Set<String> notSent = ConcurrentHashMap.newKeySet();
  private final List<String> misdelivered = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<Thread, Long> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong hungReturned = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();

  Ledger(Duration hungBound) {
    this.hungBound = hungBound;
  }

  /** The workload's write of {@code value} to {@code key} was acknowledged: it must be there afterwards. */
  public void acknowledged(String key, String value) {
    acknowledged.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /**
   * The client said this write was never sent (tether: {@code RedisNotSentException}): {@code key}
   * must not be there afterwards, else it is a phantom write.
   */
  public void notSent(String key) {
    notSent.add(Objects.requireNonNull(key, "key"));
  }

  /** A reply the workload can check: anything but {@code expected} is a reply meant for another command. */
  public void reply(String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      misdelivered.add(what + ": expected " + expected + ", got " + actual);
    }
  }

  /**
   * Runs one call of the workload and times it: a call that takes longer than the ledger's hung bound
   * (or is still running at {@link ChaosRedis#assertInvariants}) is hung. Exceptions pass through.
   */
  public <T> T call(Supplier<T> call) {
    long start = System.nanoTime();
    inFlight.put(Thread.currentThread(), start);
    calls.incrementAndGet();
    try {
      return call.get();
    } finally {
      inFlight.remove(Thread.currentThread());
      if (System.nanoTime() - start > hungBound.toNanos()) {
        hungReturned.incrementAndGet();
      }
    }
  }

  /** {@link #call(Supplier)} for a call without a result. */
  public void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }

  Map<String, String> acknowledgedWrites() {
    return Map.copyOf(acknowledged);
  }

  Set<String> notSentWrites() {
    return Set.copyOf(notSent);
  }

  List<String> misdeliveredReplies() {
    synchronized (misdelivered) {
      return List.copyOf(misdelivered);
    }
  }

  long hung() {
    long now = System.nanoTime();
    return hungReturned.get() + inFlight.values().stream().filter(s -> now - s > hungBound.toNanos()).count();
  }

  long calls() {
    return calls.get();
  }

  Duration hungBound() {
    return hungBound;
  }
}
