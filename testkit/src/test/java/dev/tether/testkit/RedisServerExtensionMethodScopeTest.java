package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionMethodScopeTest {

  @RegisterExtension final RedisServerExtension redis = RedisServerExtension.plain();

  private static long firstPid;

  @Test
  @Order(1)
  void anInstanceFieldStartsAServerForTheTestMethod(RedisServer server) {
    assertThat(server.command("PING")).isEqualTo("PONG");
    firstPid = server.pid();
  }

  @Test
  @Order(2)
  void theNextMethodGetsAFreshServerAndThePreviousOneIsGone(RedisServer server) {
    assertThat(server.pid()).isNotEqualTo(firstPid);
    assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }
}
