package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@Testkit
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestResourcesTest {

  @Managed static RedisServer shared = RedisServer.builder().requirePass("per-class").build();
  @Managed static FaultProxies proxies;
  @Managed RedisServer perTest;

  private static long sharedPid;
  private static long firstPerTestPid;
  private static RedisServer firstPerTest;

  @Test
  @Order(2)
  void staticAndInstanceFieldsAreRunningServers() {
    assertThat(shared.isRunning()).isTrue();
    assertThat(shared.commandAs("default", "per-class", "PING")).isEqualTo("PONG");
    assertThat(perTest.command("PING")).isEqualTo("PONG");
    sharedPid = shared.pid();
    firstPerTestPid = perTest.pid();
    firstPerTest = perTest;
  }

  @Test
  @Order(3)
  void theNextTestKeepsTheClassServerAndGetsAFreshOneOfItsOwn() {
    assertThat(shared.pid()).isEqualTo(sharedPid);
    assertThat(perTest.pid()).isNotEqualTo(firstPerTestPid);
    assertThat(ProcessHandle.of(firstPerTestPid).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
    assertThat(firstPerTest.toString()).contains("closed");
  }

  @Test
  @Order(4)
  void theParameterResolvesWhenOneFieldMatches(FaultProxies injected) throws IOException {
    assertThat(injected).isSameAs(proxies);
    try (FaultProxy proxy = injected.proxyTo(shared.host(), shared.port());
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(proxy.clientHost(), proxy.clientPort()), 2000);
      assertThat(socket.isConnected()).isTrue();
    }
  }

  @AfterAll
  static void classResourcesAreStillOpenInAfterAll() {
    assertThat(shared.isRunning()).isTrue();
  }
}
