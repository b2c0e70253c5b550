package dev.tether.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsRedisClusterTest {

  @Test
  void aTlsClusterFormsOverTlsAndServesAVerifyingClusterClient() {
    try (RedisCluster cluster = RedisCluster.builder().tls().start()) {
      assertThat(cluster.isTls()).isTrue();
      assertThat(cluster.seedUris()).allMatch(uri -> uri.startsWith("rediss://127.0.0.1:"));
      for (ClusterNode node : cluster.nodes()) {
        assertThat(node.server().command("CLUSTER", "INFO")).contains("cluster_state:ok");
        assertThat(node.server().command("CONFIG", "GET", "tls-cluster")).endsWith("yes");
      }

      RedisClusterClient client = RedisClusterClient.create(
          cluster.seedUris().stream().map(RedisURI::create).toList());
      client.setOptions(ClusterClientOptions.builder()
          .sslOptions(SslOptions.builder().trustManager(cluster.certificates().caFile().toFile()).build())
          .build());
      try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
        for (String key : List.of("alpha", "beta", "gamma")) {
          connection.sync().set(key, "tls-" + key);
          assertThat(cluster.primaryFor(key).server().command("GET", key)).isEqualTo("tls-" + key);
        }
      } finally {
        client.shutdown();
      }

      ClusterNode any = cluster.nodes().get(0);
      assertThatPlaintextIsNotServed(any.port());
    }
  }

  @Test
  void closeDeletesTheGeneratedCertificates() {
    RedisCluster cluster = RedisCluster.builder().tls().start();
    var directory = cluster.certificates().directory();
    assertThat(Files.exists(directory)).isTrue();

    cluster.close();

    assertThat(Files.exists(directory)).isFalse();
    assertThat(cluster.nodes()).noneMatch(n -> n.server().isRunning());
  }

  private static void assertThatPlaintextIsNotServed(int port) {
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(2000);
        socket.getOutputStream().write("PING\r\n".getBytes());
        int first = socket.getInputStream().read();
        if (first == '+') {
          throw new AssertionError("plaintext PING answered");
        }
        throw new IOException("no plaintext answer (" + first + ")");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).isInstanceOf(UncheckedIOException.class);
  }
}
