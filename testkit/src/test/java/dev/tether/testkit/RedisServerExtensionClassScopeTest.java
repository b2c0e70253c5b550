package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionClassScopeTest {

  @RegisterExtension
  static final RedisServerExtension redis =
      RedisServerExtension.of(RedisServer.builder().requirePass("class-scope"));

  private static long firstPid;

  @Test
  @Order(1)
  void injectsTheRunningServerIntoTestMethods(RedisServer server) {
    assertThat(server).isSameAs(redis.server());
    assertThat(server.commandAs("default", "class-scope", "PING")).isEqualTo("PONG");
    firstPid = server.pid();
  }

  @Test
  @Order(2)
  void aStaticFieldSharesOneServerAcrossTheClass(RedisServer server) {
    assertThat(server.pid()).isEqualTo(firstPid);
  }
}
