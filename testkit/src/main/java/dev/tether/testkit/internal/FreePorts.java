package dev.tether.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a free loopback TCP port by binding port 0 and releasing it. Thread-safe. */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Returns a port that was free a moment ago. Another process may take it before the caller
   * binds it: callers retry on "address in use".
   */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
