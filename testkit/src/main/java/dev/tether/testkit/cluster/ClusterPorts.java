package dev.tether.testkit.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a loopback port whose cluster bus port ({@code port + 10000}, fixed in Redis 6.2) is free
 * too. Ports come from below the Linux ephemeral range so {@code port + 10000} stays valid.
 * Thread-safe; another process may still take a port before the node binds it (callers retry).
 */
final class ClusterPorts {

  static final int BUS_OFFSET = 10000;
  private static final int LOW = 20000;
  private static final int HIGH = 30000;
  private static final int ATTEMPTS = 200;

  private ClusterPorts() {}

  static int pick() {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (free(port) && free(port + BUS_OFFSET)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port pair (p, p+" + BUS_OFFSET + ") in " + LOW + ".." + HIGH);
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
