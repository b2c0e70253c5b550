package dev.tether.testkit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Renders a {@code redis.conf} for one test server: loopback only, no persistence, log to stdout,
 * plus the kit's admin ACL user so the kit can always PING, count clients and rotate passwords
 * whatever the test's own users may do. Stateless.
 */
public final class RedisConf {

  /** The TLS files a server is started with; {@code null} means plaintext. */
  public record Tls(Path certFile, Path keyFile, Path caFile, boolean authClients) {}

  private RedisConf() {}

  public static String render(
      String bind,
      int port,
      Tls tls,
      Path workDir,
      String requirePass,
      Collection<AclUser> users,
      AclUser admin,
      List<String> extraLines) {
    List<String> lines = new ArrayList<>();
    lines.add("bind " + bind);
    if (!bind.startsWith("127.")) {
      // A namespace's address: Redis 7 refuses non-loopback clients while the default user has no
      // password ("DENIED ... protected mode"), even with an explicit bind. The namespace is private.
      lines.add("protected-mode no");
    }
    if (tls == null) {
      lines.add("port " + port);
    } else {
      lines.add("port 0");
      lines.add("tls-port " + port);
      lines.add("tls-cert-file " + quote(tls.certFile().toString()));
      lines.add("tls-key-file " + quote(tls.keyFile().toString()));
      lines.add("tls-ca-cert-file " + quote(tls.caFile().toString()));
      lines.add("tls-auth-clients " + (tls.authClients() ? "yes" : "no"));
    }
    lines.add("daemonize no");
    lines.add("logfile \"\"");
    lines.add("save \"\"");
    lines.add("appendonly no");
    lines.add("dir " + quote(workDir.toString()));
    if (requirePass != null) {
      lines.add("requirepass " + quote(requirePass));
    }
    for (AclUser user : users) {
      lines.add(userLine(user));
    }
    lines.add(userLine(admin));
    lines.addAll(extraLines);
    return String.join("\n", lines) + "\n";
  }

  private static String userLine(AclUser user) {
    StringBuilder line = new StringBuilder("user ").append(quote(user.name())).append(" on ");
    line.append(quote(">" + user.password()));
    for (String rule : user.rules()) {
      line.append(' ').append(quote(rule));
    }
    return line.toString();
  }

  /** Quotes for redis.conf's sdssplitargs: backslash and double quote escaped, hex for controls. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        quoted.append(String.format("\\x%02x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
