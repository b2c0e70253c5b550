package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionDeclarativeTest {

  @Test
  void extendWithGivesAPlainServerAsAParameter(RedisServer server) {
    assertThat(server.isRunning()).isTrue();
    assertThat(server.isTls()).isFalse();
    assertThat(server.command("PING")).isEqualTo("PONG");
  }
}
