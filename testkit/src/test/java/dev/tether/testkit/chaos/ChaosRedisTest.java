package dev.tether.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.testkit.Managed;
import dev.tether.testkit.Testkit;
import dev.tether.testkit.proxy.FaultProxyBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@Testkit
class ChaosRedisTest {

  @Managed static ChaosRedis redis = ChaosRedis.create(FaultProxyBackend.EMBEDDED);

  @Test
  void invariantsHoldWhenTheServerHasExactlyTheAcknowledgedWrites() {
    Ledger ledger = redis.ledger();
    redis.server().command("SET", "held:1", "a");
    ledger.acknowledged("held:1", "a");
    ledger.notSent("held:never");
    ledger.reply("echo", "x", "x");
    redis.assertInvariants(ledger);
  }

  @Test
  void aLostWriteAPhantomWriteAMisdeliveredReplyAndAHungCallAreEachReported() {
    Ledger ledger = redis.ledger(Duration.ofMillis(50));
    ledger.acknowledged("broken:lost", "v");
    redis.server().command("SET", "broken:phantom", "v");
    ledger.notSent("broken:phantom");
    ledger.reply("GET broken:x", "mine", "someone else's");
    ledger.run(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(120)));
    assertThatThrownBy(() -> redis.assertInvariants(ledger))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("acknowledged writes lost: 1")
        .hasMessageContaining("phantom writes (refused as not sent, applied anyway): 1")
        .hasMessageContaining("misdelivered replies: 1")
        .hasMessageContaining("calls hung beyond 50 ms: 1");
  }

  @Test
  void aStallSilencesTheConnectionUntilItIsClosed() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(redis.host(), redis.port()), 2000);
      socket.setSoTimeout(700);
      assertThat(ping(socket)).isEqualTo("+PONG");
      try (Fault stall = redis.stall()) {
        assertThatThrownBy(() -> ping(socket)).isInstanceOf(SocketTimeoutException.class);
      }
      socket.setSoTimeout(5000);
      assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
    }
  }

  @Test
  void anOutageRefusesConnectionsAndEndsOnItsOwn() throws IOException {
    Thread outage = new Thread(() -> redis.outage(Duration.ofMillis(800)));
    outage.start();
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(redis.host(), redis.port()), 500);
        s.setSoTimeout(500);
        ping(s);
      }
    }).isInstanceOf(IOException.class);
    try {
      outage.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(redis.host(), redis.port()), 2000);
      s.setSoTimeout(2000);
      assertThat(ping(s)).isEqualTo("+PONG");
    }
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
    if (s.length() == 0) {
      throw new IOException("connection closed");
    }
    return s.toString();
  }
}
