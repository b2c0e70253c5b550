package dev.tether.testkit;

/**
 * Something a test needs running: built first, then {@link #start() started}, then {@link #close()
 * closed}, the Testcontainers way. {@link TestResources} manages every such field of a test class.
 * Implementations make {@code start()} idempotent (a running resource stays as it is) and {@code
 * close()} idempotent and quiet.
 */
public interface TestResource extends AutoCloseable {

  /** Starts the resource, or does nothing if it runs; returns this. */
  TestResource start();

  /** Stops the resource and releases everything it holds. */
  @Override
  void close();
}
