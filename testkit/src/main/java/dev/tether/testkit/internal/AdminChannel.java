package dev.tether.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The kit's own way into a server it runs: one short connection per call (TLS with the client
 * certificate when the server speaks TLS), authenticated as the caller says, closed (QUIT, then EOF
 * awaited) before the call returns, so no slot of {@code maxclients} stays taken between calls. The
 * only user of the RESP client. Thread-safe: calls share nothing.
 */
public final class AdminChannel {

  private final String host;
  private final SSLContext tls;
  private final Duration timeout;
  private final Function<String, ? extends RuntimeException> errorReply;

  /**
   * @param tls        the client context for a TLS server, {@code null} for plaintext
   * @param errorReply what an error reply ({@code -ERR ...}) is thrown as
   */
  public AdminChannel(String host, SSLContext tls, Duration timeout,
      Function<String, ? extends RuntimeException> errorReply) {
    this.host = host;
    this.tls = tls;
    this.timeout = timeout;
    this.errorReply = errorReply;
  }

  /**
   * Sends {@code args} on a new connection to {@code port}, after {@code AUTH user password} unless
   * {@code password} is null, and returns the reply as text (see {@link RespClient#toText}).
   *
   * @throws RuntimeException the constructor's {@code errorReply} on an error reply
   * @throws UncheckedIOException if the server cannot be reached or does not answer in time
   */
  public String call(int port, String user, String password, String... args) {
    try (RespClient client = RespClient.connect(host, port, tls, timeout, timeout)) {
      Object reply =
          password == null ? "OK" : client.call("AUTH", user == null ? "default" : user, password);
      if (!(reply instanceof RespClient.Error)) {
        reply = client.call(args);
      }
      client.quit();
      if (reply instanceof RespClient.Error error) {
        throw errorReply.apply(error.message());
      }
      return RespClient.toText(reply);
    } catch (IOException e) {
      // Only the command name: arguments may be passwords.
      throw new UncheckedIOException(
          "redis-server on " + host + ":" + port + " did not answer " + args[0] + ": " + e, e);
    }
  }

  /**
   * One readiness probe: AUTH and PING within {@code probeTimeout}.
   *
   * @return {@code null} when the server answered PONG, else what went wrong
   */
  public Exception probe(int port, String user, String password, Duration probeTimeout) {
    try (RespClient client = RespClient.connect(host, port, tls, probeTimeout, probeTimeout)) {
      Object auth = client.call("AUTH", user, password);
      Object pong = client.call("PING");
      client.quit();
      if ("OK".equals(auth) && "PONG".equals(pong)) {
        return null;
      }
      return new IllegalStateException(
          "AUTH answered " + RespClient.toText(auth) + ", PING answered " + RespClient.toText(pong));
    } catch (IOException e) {
      return e;
    }
  }
}
