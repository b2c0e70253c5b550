package dev.tether.testkit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Lettuce clients with short timeouts for tests; closes everything it made. */
final class LettuceClients implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ClientResources resources =
      DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
  private final List<RedisClient> clients = new ArrayList<>();

  StatefulRedisConnection<String, String> connect(String uri) {
    return connect(uri, null);
  }

  StatefulRedisConnection<String, String> connect(String uri, SslOptions ssl) {
    return client(uri, ssl).connect();
  }

  synchronized RedisClient client(String uri, SslOptions ssl) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(TIMEOUT);
    if (redisUri.isSsl()) {
      redisUri.setVerifyPeer(SslVerifyMode.FULL);
    }
    RedisClient client = RedisClient.create(resources, redisUri);
    ClientOptions.Builder options =
        ClientOptions.builder()
            .autoReconnect(false)
            .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
            .timeoutOptions(TimeoutOptions.enabled(TIMEOUT));
    if (ssl != null) {
      options.sslOptions(ssl);
    }
    client.setOptions(options.build());
    clients.add(client);
    return client;
  }

  static SslOptions trusting(java.nio.file.Path caFile) {
    return SslOptions.builder().jdkSslProvider().trustManager(caFile.toFile()).build();
  }

  static SslOptions withClientCertificate(RedisServer server) {
    return SslOptions.builder()
        .jdkSslProvider()
        .trustManager(server.caFile().toFile())
        .keyManager(server.clientCertFile().toFile(), server.clientKeyFile().toFile(), null)
        .build();
  }

  @Override
  public synchronized void close() {
    clients.forEach(RedisClient::shutdown);
    resources.shutdown();
  }
}
