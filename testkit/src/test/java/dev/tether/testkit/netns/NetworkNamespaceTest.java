package dev.tether.testkit.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.internal.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {

  @BeforeAll
  static void needsNamespaces() {
    String reason = NetworkNamespace.unavailableReason();
    assumeTrue(reason == null, () -> "skipped: " + reason);
  }

  @Test
  void aServerInTheNamespaceIsReachedThroughItsAddressAndABlackholeSilencesIt() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create();
        RedisServer redis = RedisServer.builder().in(ns).start()) {
      assertThat(redis.host()).isEqualTo(ns.address());
      try (Socket socket = connect(ns, redis.port())) {
        assertThat(ping(socket)).isEqualTo("+PONG");
        ns.apply(NetworkFault.BLACKHOLE, redis.port());
        assertThatThrownBy(() -> ping(socket)).isInstanceOf(SocketTimeoutException.class);
        ns.clear();
        // the PINGs sent into the hole are retransmitted and answered now
        assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
      }
    }
  }

  @Test
  void resetAnswersTheNextPacketWithARst() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create();
        RedisServer redis = RedisServer.builder().in(ns).start();
        Socket socket = connect(ns, redis.port())) {
      ns.apply(NetworkFault.RESET, redis.port());
      assertThatThrownBy(() -> ping(socket)).isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void droppedSynsMakeConnectsTimeOutWhileOpenFlowsGoOn() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create();
        RedisServer redis = RedisServer.builder().in(ns).start();
        Socket open = connect(ns, redis.port())) {
      ns.apply(NetworkFault.DROP_SYN, redis.port());
      assertThatThrownBy(() -> connect(ns, redis.port())).isInstanceOf(SocketTimeoutException.class);
      assertThat(ping(open)).isEqualTo("+PONG");
    }
  }

  @Test
  void aForgottenFlowGoesSilentWhileANewConnectionWorks() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create();
        RedisServer redis = RedisServer.builder().in(ns).start();
        Socket idle = connect(ns, redis.port())) {
      assertThat(ping(idle)).isEqualTo("+PONG");
      ns.apply(NetworkFault.FORGET_FLOWS, redis.port());
      assertThatThrownBy(() -> ping(idle)).isInstanceOf(SocketTimeoutException.class);
      try (Socket fresh = connect(ns, redis.port())) {
        assertThat(ping(fresh)).isEqualTo("+PONG");
      }
    }
  }

  @Test
  void closeDeletesTheNamespaceAndTheSweepDeletesOnesLeftByDeadJvms() {
    NetworkNamespace ns = NetworkNamespace.create();
    String name = ns.name();
    ns.close();
    assertThat(namespaces()).doesNotContain(name);

    String stale = NetworkNamespace.PREFIX + "999999999-1";
    Commands.require(List.of("ip", "netns", "add", stale));
    NetworkNamespace.sweepStale();
    assertThat(namespaces()).doesNotContain(stale);
  }

  private static List<String> namespaces() {
    return Commands.run(List.of("ip", "netns", "list")).output().lines()
        .map(l -> l.strip().split("\\s+")[0]).toList();
  }

  private static Socket connect(NetworkNamespace ns, int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(ns.address(), port), 1500);
    socket.setSoTimeout(1500);
    return socket;
  }

  private static String ping(Socket socket) throws IOException {
    socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    return readLine(socket.getInputStream());
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }
}
