package dev.tether.testkit.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal RESP2 client over one blocking socket (plain or TLS), enough for the testkit's admin
 * commands. Replies are decoded to {@link String}, {@link Long}, {@link List}, {@code null} or
 * {@link Error}. Not thread-safe: one caller per instance.
 */
public final class RespClient implements Closeable {

  /** An error reply ({@code -ERR ...}), returned rather than thrown so callers decide. */
  public record Error(String message) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code host:port}; with a non-null {@code tls} context the TLS handshake is done
   * before returning (no hostname verification: the admin client only talks to its own server).
   */
  public static RespClient connect(
      String host, int port, SSLContext tls, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), millis(connectTimeout));
      plain.setSoTimeout(millis(readTimeout));
      plain.setTcpNoDelay(true);
      if (tls == null) {
        return new RespClient(plain);
      }
      SSLSocket secure =
          (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
      secure.setSoTimeout(millis(readTimeout));
      secure.startHandshake();
      return new RespClient(secure);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** Sends one command and reads its reply. */
  public Object call(String... args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    write(buf, "*" + args.length + "\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      write(buf, "$" + bytes.length + "\r\n");
      buf.write(bytes);
      write(buf, "\r\n");
    }
    out.write(buf.toByteArray());
    out.flush();
    return read();
  }

  /**
   * Sends QUIT and waits until the server closes the connection, so the server has released the
   * client slot when this returns (matters for {@code maxclients}). Best effort: errors are
   * swallowed and the socket is closed either way.
   */
  public void quit() {
    try {
      call("QUIT");
      while (in.read() >= 0) {
        // drain until the server's close
      }
    } catch (IOException ignored) {
      // the connection is going away anyway
    } finally {
      try {
        close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /** Renders a decoded reply as text: arrays one element per line, nil as {@code (nil)}. */
  public static String toText(Object reply) {
    if (reply == null) {
      return null;
    }
    if (reply instanceof List<?> list) {
      List<String> lines = new ArrayList<>(list.size());
      for (Object element : list) {
        String text = toText(element);
        lines.add(text == null ? "(nil)" : text);
      }
      return String.join("\n", lines);
    }
    if (reply instanceof Error error) {
      return error.message();
    }
    return reply.toString();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("server closed the connection");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new Error(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
          throw new EOFException("server closed the connection mid-reply");
        }
        readLine();
        return new String(bytes, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          elements.add(read());
        }
        return elements;
      }
      default:
        throw new IOException("not a RESP reply (first byte 0x" + Integer.toHexString(type) + ")");
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("server closed the connection mid-reply");
      }
      if (b == '\r') {
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
  }

  private static void write(ByteArrayOutputStream buf, String s) {
    buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
