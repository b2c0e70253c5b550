package dev.tether.testkit.internal;

import java.time.Duration;

/**
 * Argument checks at the testkit's public doors (the shape of Failsafe's {@code Assert}): each
 * returns its argument, so a builder can write {@code this.timeout = Arguments.positive(timeout,
 * "timeout")}, and each failure names the argument. (The testkit does not depend on {@code
 * tether-config-core}, whose {@code Arguments} is the same idea for the library.) Stateless and
 * thread-safe.
 */
public final class Arguments {

  private Arguments() {}

  /**
   * @return {@code d}
   * @throws IllegalArgumentException {@code "<name>: must be positive, was <d>"} when {@code d} is
   *     null, zero or negative
   */
  public static Duration positive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + ": must be positive, was " + d);
    }
    return d;
  }
}
