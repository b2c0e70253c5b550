package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.RedisConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TlsRedisServerTest {

  private static final LettuceClients lettuce = new LettuceClients();

  @AfterAll
  static void closeClients() {
    lettuce.close();
  }

  @Test
  void tlsServerAnswersAClientThatTrustsTheGeneratedCa() {
    try (RedisServer redis = RedisServer.tls().start()) {
      assertThat(redis.uri()).isEqualTo("rediss://127.0.0.1:" + redis.port());
      assertThat(redis.caFile()).exists();
      assertThat(lettuce.connect(redis.uri(), LettuceClients.trusting(redis.caFile())).sync().ping())
          .isEqualTo("PONG");
      assertThat(redis.command("PING")).as("admin over TLS").isEqualTo("PONG");
    }
  }

  @Test
  void tlsServerWithPasswordOffersRedissUriWithCredentials() {
    try (RedisServer redis = RedisServer.builder().tls().requirePass("tls-secret").start()) {
      assertThat(redis.uriWithCredentials()).startsWith("rediss://default:tls-secret@127.0.0.1:");
      assertThat(
              lettuce.connect(redis.uriWithCredentials(), LettuceClients.trusting(redis.caFile()))
                  .sync()
                  .ping())
          .isEqualTo("PONG");
    }
  }

  @Test
  void tlsOnlyServerDropsAPlaintextClient() throws IOException {
    try (RedisServer redis = RedisServer.tls().start();
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(redis.host(), redis.port()), 2000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      Throwable failure = catchThrowable(() -> assertThat(in.read()).isEqualTo(-1));
      if (failure != null) {
        assertThat(failure).as("a reset is as good as a close").isInstanceOf(SocketException.class);
      }
      assertThatThrownBy(() -> lettuce.connect(redis.uri().replace("rediss://", "redis://")).sync().ping())
          .isInstanceOf(RedisConnectionException.class);
    }
  }

  @Test
  void clientTrustingAnUnrelatedCaIsRejected() {
    try (RedisServer redis = RedisServer.tls().start()) {
      assertThatThrownBy(
              () -> lettuce.connect(redis.uri(), LettuceClients.trusting(redis.certificates().untrustedCaFile())))
          .isInstanceOf(RedisConnectionException.class)
          .hasStackTraceContaining("PKIX");
    }
  }

  @Test
  void serverCertificateForAnotherHostnameFailsHostnameVerification() {
    TestCertificates wrongName = TestCertificates.forServerNames("wrong.example");
    try (RedisServer redis = RedisServer.builder().tls(wrongName).start()) {
      assertThat(redis.command("PING")).as("the kit itself does not verify names").isEqualTo("PONG");
      assertThatThrownBy(() -> lettuce.connect(redis.uri(), LettuceClients.trusting(redis.caFile())))
          .isInstanceOf(RedisConnectionException.class)
          .hasStackTraceContaining("127.0.0.1");
    }
  }

  @Test
  void mutualTlsRejectsAClientWithoutCertificateAndAcceptsOneWithIt() {
    try (RedisServer redis = RedisServer.builder().mutualTls().start()) {
      assertThat(redis.isMutualTls()).isTrue();
      assertThatThrownBy(
              () -> lettuce.connect(redis.uri(), LettuceClients.trusting(redis.caFile())).sync().ping())
          .isInstanceOf(RedisConnectionException.class);
      assertThat(lettuce.connect(redis.uri(), LettuceClients.withClientCertificate(redis)).sync().ping())
          .isEqualTo("PONG");
    }
  }

  @Test
  void tlsServerRestartsOnTheSamePortWithTheSameCertificates() {
    try (RedisServer redis = RedisServer.tls().start()) {
      int port = redis.port();
      redis.kill();
      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(lettuce.connect(redis.uri(), LettuceClients.trusting(redis.caFile())).sync().ping())
          .isEqualTo("PONG");
    }
  }

  @Test
  void generatedServerCertificateNamesLocalhostAndLoopbackAndIsShortLived() throws Exception {
    TestCertificates certificates = TestCertificates.create();
    X509Certificate server;
    try (InputStream in = Files.newInputStream(certificates.serverCertFile())) {
      server = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertThat(server.getSubjectAlternativeNames())
        .extracting(san -> (Object) san.get(1))
        .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
    server.verify(certificates.caCertificate().getPublicKey());
    assertThat(server.getNotAfter().getTime() - server.getNotBefore().getTime())
        .isLessThanOrEqualTo((TestCertificates.VALIDITY_HOURS + 1) * 3_600_000L);
    assertThat(Files.readString(certificates.serverKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(List.of(certificates.caFile(), certificates.clientCertFile(), certificates.clientKeyFile(),
            certificates.untrustedCaFile()))
        .allSatisfy(path -> assertThat(path).exists());
  }
}
