package dev.tether.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisConfTest {

  @Test
  void quotesValuesSoPasswordsWithQuotesAndSpacesSurvive() {
    assertThat(RedisConf.quote("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    assertThat(RedisConf.quote("tab\there")).isEqualTo("\"tab\\x09here\"");
  }

  @Test
  void tlsServerListensOnTlsPortOnly() {
    String conf =
        RedisConf.render(
            "127.0.0.1",
            6390,
            new RedisConf.Tls(Path.of("/c.pem"), Path.of("/k.pem"), Path.of("/ca.pem"), true),
            Path.of("/tmp/w"),
            null,
            List.of(),
            new AclUser("admin", "pw", List.of("~*", "+@all")),
            List.of("maxclients 1"));
    assertThat(conf)
        .contains("port 0\n", "tls-port 6390\n", "tls-auth-clients yes\n", "bind 127.0.0.1\n")
        .contains("user \"admin\" on \">pw\" \"~*\" \"+@all\"")
        .endsWith("maxclients 1\n");
  }
}
