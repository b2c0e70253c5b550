package dev.tether.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The kit's own way into a server it runs: one short Jedis {@link Connection} per call (TLS with
 * the client certificate when the server speaks TLS), authenticated as the caller says, closed
 * (QUIT, then EOF awaited) before the call returns, so no slot of {@code maxclients} stays taken
 * between calls. The connection is made from a socket factory, so Jedis sends nothing of its own (no
 * HELLO, no CLIENT SETINFO, whatever its version's defaults): the server sees exactly the caller's
 * commands, and the code runs on the Jedis a Spring Boot BOM picks (7.x) as on ours (8.x). Connect
 * and every read are bounded by the timeout, so a frozen server costs a timeout, never a hang.
 * Thread-safe: calls share nothing.
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
   * {@code password} is null, and returns the reply as text: simple and bulk strings as is,
   * integers in decimal, arrays one element per line ({@code (nil)} for nil elements), nil as
   * {@code null}.
   *
   * @throws RuntimeException the constructor's {@code errorReply} on an error reply
   * @throws UncheckedIOException if the server cannot be reached or does not answer in time
   */
  public String call(int port, String user, String password, String... args) {
    try {
      Connection connection = connect(port, timeout);
      Object reply;
      try {
        reply = password == null ? "OK"
            : replyOrError(connection, "AUTH", user == null ? "default" : user, password);
        if (!(reply instanceof JedisDataException)) {
          reply = replyOrError(connection, args);
        }
        quit(connection);
      } finally {
        closeQuietly(connection);
      }
      if (reply instanceof JedisDataException error) {
        throw errorReply.apply(error.getMessage());
      }
      return toText(reply);
    } catch (JedisConnectionException e) {
      // Only the command name: arguments may be passwords.
      IOException cause = asIoException(e);
      throw new UncheckedIOException(
          "redis-server on " + host + ":" + port + " did not answer " + args[0] + ": " + cause, cause);
    }
  }

  /**
   * The number of client connections in {@code CLIENT LIST} other than {@code user}'s, asked as
   * {@code user} (so the asking connection is not counted either).
   *
   * @throws UncheckedIOException if the server cannot be reached or does not answer in time
   */
  public int clientCountExcept(int port, String user, String password) {
    String list = call(port, user, password, "CLIENT", "LIST");
    int count = 0;
    for (String line : list.split("\n")) {
      if (!line.isBlank() && !Arrays.asList(line.trim().split(" ")).contains("user=" + user)) {
        count++;
      }
    }
    return count;
  }

  /**
   * One readiness probe: AUTH and PING within {@code probeTimeout}.
   *
   * @return {@code null} when the server answered PONG, else what went wrong
   */
  public Exception probe(int port, String user, String password, Duration probeTimeout) {
    try {
      Connection connection = connect(port, probeTimeout);
      try {
        Object auth = replyOrError(connection, "AUTH", user, password);
        Object pong = replyOrError(connection, "PING");
        quit(connection);
        if ("OK".equals(toText(auth)) && "PONG".equals(toText(pong))) {
          return null;
        }
        return new IllegalStateException(
            "AUTH answered " + toText(auth) + ", PING answered " + toText(pong));
      } finally {
        closeQuietly(connection);
      }
    } catch (JedisConnectionException e) {
      return asIoException(e);
    }
  }

  private Connection connect(int port, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis)
        .socketTimeoutMillis(millis);
    if (tls != null) {
      // Empty parameters: no hostname verification, the kit only talks to servers it started.
      config.ssl(true).sslSocketFactory(tls.getSocketFactory()).sslParameters(new SSLParameters());
    }
    Connection connection =
        new Connection(new DefaultJedisSocketFactory(new HostAndPort(host, port), config.build()));
    connection.connect();
    return connection;
  }

  /** The reply, or the error reply as a {@link JedisDataException} value (not thrown). */
  private static Object replyOrError(Connection connection, String... args) {
    ProtocolCommand name = () -> args[0].getBytes(StandardCharsets.UTF_8);
    connection.sendCommand(name, Arrays.copyOfRange(args, 1, args.length));
    try {
      return connection.getOne();
    } catch (JedisDataException error) {
      return error;
    }
  }

  /**
   * QUIT, then reads until the server closes the connection, so the server has released the client
   * slot when this returns (matters for {@code maxclients}). A server that refuses QUIT (Redis 7.0's
   * Sentinel: "unknown command 'QUIT'") keeps the connection open: then the caller's close ends it,
   * instead of a wait for the socket timeout on every call. Best effort: errors are swallowed.
   */
  private static void quit(Connection connection) {
    try {
      if (replyOrError(connection, "QUIT") instanceof JedisDataException) {
        return;
      }
      while (true) {
        connection.getOne(); // ends with "unexpected end of stream" at the server's close
      }
    } catch (JedisConnectionException ignored) {
      // the connection is going away anyway
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (RuntimeException ignored) {
      // nothing left to release
    }
  }

  private static String toText(Object reply) {
    if (reply == null) {
      return null;
    }
    if (reply instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      List<String> lines = new ArrayList<>(list.size());
      for (Object element : list) {
        String text = toText(element);
        lines.add(text == null ? "(nil)" : text);
      }
      return String.join("\n", lines);
    }
    if (reply instanceof JedisDataException error) {
      return error.getMessage();
    }
    return reply.toString();
  }

  private static IOException asIoException(JedisConnectionException e) {
    return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }
}
