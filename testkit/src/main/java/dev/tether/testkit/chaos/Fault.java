package dev.tether.testkit.chaos;

/**
 * A fault in place until {@link #close()}: use it with try-with-resources so it is cleared even when
 * the test fails. Closing twice does nothing.
 */
@FunctionalInterface
public interface Fault extends AutoCloseable {

  /** Clears the fault. */
  @Override
  void close();
}
