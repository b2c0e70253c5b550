package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  private static final LettuceClients lettuce = new LettuceClients();

  @AfterAll
  static void closeClients() {
    lettuce.close();
  }

  @Test
  void plainServerAnswersPingOnLoopback() {
    try (RedisServer redis = RedisServer.plain().start()) {
      assertThat(redis.host()).isEqualTo("127.0.0.1");
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(redis.uriWithCredentials()).isEqualTo(redis.uri());
      assertThat(lettuce.connect(redis.uri()).sync().ping()).isEqualTo("PONG");
      assertThat(redis.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void aServerBoundToAnotherLoopbackAddressSharesAPortWithOneOn127001() {
    try (RedisServer first = RedisServer.plain().start();
        RedisServer second = RedisServer.builder().bind("127.0.0.2").port(first.port()).start()) {
      second.command("SET", "where", "second");
      assertThat(second.host()).isEqualTo("127.0.0.2");
      assertThat(second.uri()).isEqualTo("redis://127.0.0.2:" + first.port());
      assertThat(lettuce.connect(second.uri()).sync().get("where")).isEqualTo("second");
      assertThat(lettuce.connect(first.uri()).sync().get("where")).isNull();
    }
    assertThatThrownBy(() -> RedisServer.builder().bind("10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.0/8");
  }

  @Test
  void requirePassRejectsUnauthenticatedClientsAndAcceptsThePassword() {
    try (RedisServer redis = RedisServer.withPassword("p@ss word").start()) {
      assertThatThrownBy(() -> redis.commandAs(null, null, "GET", "k"))
          .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("NOAUTH"));
      assertThat(redis.commandAs("default", "p@ss word", "PING")).isEqualTo("PONG");

      // Lettuce sometimes loses the server's NOAUTH to a race of its own when the refused handshake
      // closes the channel ("RedisHandshakeHandler not registered", seen on 6.2): every attempt must
      // fail, and one of at most five must say NOAUTH.
      List<Throwable> refusals = new ArrayList<>();
      for (int attempt = 0; attempt < 5 && refusals.stream().noneMatch(RedisServerTest::saysNoAuth); attempt++) {
        refusals.add(catchThrowable(() -> lettuce.connect(redis.uri()).sync().get("k")));
      }
      assertThat(refusals).doesNotContainNull().anySatisfy(e -> assertThat(e).hasStackTraceContaining("NOAUTH"));
      assertThat(redis.uriWithCredentials())
          .isEqualTo("redis://default:p%40ss%20word@127.0.0.1:" + redis.port());
      assertThat(lettuce.connect(redis.uriWithCredentials()).sync().ping()).isEqualTo("PONG");
    }
  }

  private static boolean saysNoAuth(Throwable e) {
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString().contains("NOAUTH");
  }

  @Test
  void restrictedAclUserGetsNopermForCommandsOutsideItsRules() {
    try (RedisServer redis =
        RedisServer.builder()
            .aclUser("app", "app-pw", "~* +@all")
            .aclUser("reader", "reader-pw", "~*", "+get")
            .start()) {
      assertThat(redis.uriWithCredentials()).contains("app:app-pw@");
      lettuce.connect(redis.uriWithCredentials()).sync().set("k", "v");

      RedisCommands<String, String> reader =
          lettuce.connect(redis.uriWithCredentials("reader")).sync();
      assertThat(reader.get("k")).isEqualTo("v");
      assertThatThrownBy(() -> reader.set("k", "x"))
          .isInstanceOf(RedisCommandExecutionException.class)
          .hasMessageContaining("NOPERM");
      assertThatThrownBy(() -> redis.commandAs("reader", "reader-pw", "DEL", "k"))
          .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("NOPERM"));
    }
  }

  @Test
  void frozenServerTimesOutAndAnswersAgainAfterUnfreeze() {
    try (RedisServer redis = RedisServer.plain().start()) {
      RedisCommands<String, String> commands = lettuce.connect(redis.uri()).sync();
      redis.freeze();
      assertThat(redis.isFrozen()).isTrue();
      assertThat(redis.isRunning()).isTrue();
      assertThatThrownBy(commands::ping).isInstanceOf(RedisCommandTimeoutException.class);

      redis.unfreeze();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(commands.ping()).isEqualTo("PONG"));
    }
  }

  @Test
  void killedServerRestartsOnTheSamePort() {
    try (RedisServer redis = RedisServer.plain().start()) {
      int port = redis.port();
      long firstPid = redis.pid();
      redis.command("SET", "k", "v");

      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
      assertThatThrownBy(() -> lettuce.connect(redis.uri())).isInstanceOf(RedisConnectionException.class);

      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.pid()).isNotEqualTo(firstPid);
      RedisCommands<String, String> commands = lettuce.connect(redis.uri()).sync();
      assertThat(commands.ping()).isEqualTo("PONG");
      assertThat(commands.get("k")).as("no persistence: a restart starts empty").isNull();
    }
  }

  @Test
  void restartOfAFrozenServerBringsItBack() {
    try (RedisServer redis = RedisServer.plain().start()) {
      redis.freeze();
      redis.restart();
      assertThat(redis.isFrozen()).isFalse();
      assertThat(redis.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void clientCountCountsClientConnectionsButNotTheKitsOwn() {
    try (RedisServer redis = RedisServer.plain().start()) {
      assertThat(redis.clientCount()).isZero();
      List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        connections.add(lettuce.connect(redis.uri()));
      }
      assertThat(redis.clientCount()).isEqualTo(3);

      connections.forEach(StatefulRedisConnection::close);
      await().atMost(Duration.ofSeconds(5)).until(() -> redis.clientCount() == 0);
    }
  }

  @Test
  void closeKillsOnlyItsOwnProcessAndFreesThePort() throws IOException {
    try (RedisServer other = RedisServer.plain().start()) {
      RedisServer redis = RedisServer.plain().start();
      long pid = redis.pid();
      int port = redis.port();

      redis.close();
      redis.close(); // idempotent

      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
      assertThat(other.command("PING")).isEqualTo("PONG");
      assertThatThrownBy(redis::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void rotatedPasswordIsRequiredByNewConnectionsAndSurvivesRestart() {
    try (RedisServer redis = RedisServer.withPassword("old-secret").start()) {
      RedisCommands<String, String> before = lettuce.connect(redis.uriWithCredentials()).sync();
      String oldUri = redis.uriWithCredentials();

      redis.setPassword("new-secret");

      assertThat(before.ping()).as("authenticated connections stay authenticated").isEqualTo("PONG");
      assertThatThrownBy(() -> lettuce.connect(oldUri)).hasStackTraceContaining("WRONGPASS");
      assertThat(redis.uriWithCredentials()).contains("new-secret");
      assertThat(lettuce.connect(redis.uriWithCredentials()).sync().ping()).isEqualTo("PONG");

      redis.restart();
      assertThat(redis.commandAs("default", "new-secret", "PING")).isEqualTo("PONG");
    }
  }

  @Test
  void aclUserChangedAtRuntimeGetsTheNewPasswordAndRules() {
    try (RedisServer redis = RedisServer.builder().aclUser("app", "one", "~* +@all").start()) {
      redis.setAclUser("app", "two", "~*", "+ping");
      assertThatThrownBy(() -> redis.commandAs("app", "one", "PING"))
          .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("WRONGPASS"));
      assertThat(redis.commandAs("app", "two", "PING")).isEqualTo("PONG");
      assertThatThrownBy(() -> redis.commandAs("app", "two", "SET", "k", "v"))
          .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("NOPERM"));
    }
  }

  @Test
  void extraConfigLinesApplyLikeMaxClients() {
    try (RedisServer redis = RedisServer.builder().config("maxclients 1").start()) {
      assertThat(redis.command("CONFIG", "GET", "maxclients")).isEqualTo("maxclients\n1");
      StatefulRedisConnection<String, String> first = lettuce.connect(redis.uri());
      assertThat(first.sync().ping()).isEqualTo("PONG");
      // Redis answers "max number of clients reached" and closes; Lettuce reports either that reply or the
      // close that raced it ("RedisHandshakeHandler not registered"), so the server's own count is the proof.
      assertThatThrownBy(() -> lettuce.connect(redis.uri()).sync().ping()).isInstanceOf(RedisException.class);
      first.close();
      // the server frees first's slot when it reads the close, a moment after close() returns: until then the
      // admin channel's own connection is the one refused (seen on 6.2 in CI)
      String stats = await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(RedisReplyException.class)
          .until(() -> redis.command("INFO", "stats"), s -> s != null);
      assertThat(stats).containsPattern("rejected_connections:[1-9]");
    }
  }

  @Test
  void badConfigFailsStartWithTheServersLogTail() {
    RedisServer redis = RedisServer.builder().config("no-such-directive yes").build();
    try {
      assertThatThrownBy(redis::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited")
          .hasMessageContaining("no-such-directive");
    } finally {
      redis.close();
    }
  }

  @Test
  void adminCallsSendOnlyTheCallersCommandsSoServerStatisticsStayTheTests() {
    try (RedisServer redis = RedisServer.plain().start()) {
      redis.command("PING");
      redis.command("SET", "k", "v");

      // The client library behind the admin channel must not add HELLO or CLIENT SETINFO of its own.
      String stats = redis.command("INFO", "commandstats");
      assertThat(stats).contains("cmdstat_set:calls=1").contains("cmdstat_ping:calls=")
          .doesNotContain("cmdstat_hello").doesNotContain("setinfo");
    }
  }

  @Test
  void adminCommandToAFrozenServerFailsWithinTheAdminTimeout() {
    try (RedisServer redis = RedisServer.builder().adminTimeout(Duration.ofMillis(300)).start()) {
      redis.freeze();
      assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);
      redis.unfreeze();
      assertThat(redis.command("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void commandRendersRepliesAsText() {
    try (RedisServer redis = RedisServer.plain().start()) {
      assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
      assertThat(redis.command("GET", "k")).isEqualTo("v");
      assertThat(redis.command("GET", "missing")).isNull();
      assertThat(redis.command("INCR", "n")).isEqualTo("1");
      redis.command("RPUSH", "l", "a", "b");
      assertThat(redis.command("LRANGE", "l", "0", "-1")).isEqualTo("a\nb");
      assertThatThrownBy(() -> redis.command("NOSUCHCOMMAND"))
          .isInstanceOfSatisfying(RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("ERR"));
    }
  }

  @Test
  void restartWithoutWaitingLetsATestObserveTheLoadingState() {
    // Uncompressed, so Redis answers clients (with LOADING) between its 2 MB loading slices.
    RedisServer.Builder builder =
        RedisServer.builder().config("key-load-delay 2000", "rdbcompression no");
    if (Integer.parseInt(RedisBinary.resolve().version().split("\\.")[0]) >= 7) {
      builder.config("enable-debug-command yes"); // DEBUG is off by default since Redis 7
    }
    try (RedisServer redis = builder.start()) {
      redis.command("DEBUG", "POPULATE", "1000", "key", "10000");
      redis.command("SAVE");

      redis.restartWithoutWaiting();

      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptionsInstanceOf(UncheckedIOException.class)
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> redis.command("PING"))
                      .isInstanceOfSatisfying(
                          RedisReplyException.class, e -> assertThat(e.code()).isEqualTo("LOADING")));
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptionsInstanceOf(RedisReplyException.class)
          .until(() -> "PONG".equals(redis.command("PING")));
      assertThat(redis.command("DBSIZE")).isEqualTo("1000");
    }
  }

  @Test
  void toStringNeverShowsThePassword() {
    try (RedisServer redis = RedisServer.withPassword("canary-7f3a").start()) {
      assertThat(redis.toString()).doesNotContain("canary-7f3a").contains("running");
    }
  }
}
