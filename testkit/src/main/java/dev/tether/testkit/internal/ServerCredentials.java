package dev.tether.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may log in to one test server: the default user's {@code requirepass}, the test's ACL users
 * and the kit's own admin user (random password). Checks names and passwords at the door, keeps
 * the current values across runtime changes so that a restart brings them back, and writes them
 * into URIs. Thread-safe.
 */
public final class ServerCredentials {

  /** Redis's name for the user {@code requirepass} sets the password of. */
  public static final String DEFAULT_USER = "default";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AclUser admin;
  private String requirePass; // guarded by this
  private final Map<String, AclUser> users; // guarded by this

  /**
   * @param adminName   the kit's own user, given a random password and all permissions
   * @param requirePass the default user's password, {@code null} for none
   * @param users       the test's ACL users by name, in the order they were added
   */
  public ServerCredentials(String adminName, String requirePass, Map<String, AclUser> users) {
    this.admin = new AclUser(adminName, randomPassword(), List.of("~*", "+@all"));
    this.requirePass = requirePass;
    this.users = new LinkedHashMap<>(users);
  }

  public AclUser admin() {
    return admin;
  }

  /** The default user's current password, or {@code null} if none is required. */
  public synchronized String requirePass() {
    return requirePass;
  }

  public synchronized void requirePass(String password) {
    this.requirePass = password;
  }

  /** The test's ACL users (not the admin), in the order they were first added. */
  public synchronized List<AclUser> users() {
    return List.copyOf(users.values());
  }

  /** Adds {@code user}, or replaces the user of that name in place. */
  public synchronized void put(AclUser user) {
    users.put(user.name(), user);
  }

  /**
   * The user a URI logs in as by default: {@value #DEFAULT_USER} if it has a password, else the
   * first ACL user, else {@code null} (no credentials).
   */
  public synchronized String defaultLogin() {
    if (requirePass != null) {
      return DEFAULT_USER;
    }
    return users.isEmpty() ? null : users.keySet().iterator().next();
  }

  /**
   * The current password of {@code user} ({@value #DEFAULT_USER} means the requirepass).
   *
   * @throws IllegalArgumentException if the server has no such user or password
   */
  public synchronized String password(String user) {
    if (DEFAULT_USER.equals(user)) {
      if (requirePass == null) {
        throw new IllegalArgumentException("user: the default user has no password on this server");
      }
      return requirePass;
    }
    AclUser acl = users.get(user);
    if (acl == null) {
      throw new IllegalArgumentException("user: no ACL user '" + user + "' on this server");
    }
    return acl.password();
  }

  /** {@code user:password}, each percent-encoded, for the user-info part of a URI. */
  public String userInfo(String user) {
    return encode(user) + ":" + encode(password(user));
  }

  /**
   * A checked ACL user; a single rule with spaces is split into rules.
   *
   * @throws IllegalArgumentException on a null/blank name or one with spaces, the admin's name, or
   *     a null/empty password
   */
  public static AclUser aclUser(String adminName, String name, String password, String... rules) {
    if (name == null || name.isBlank() || name.contains(" ")) {
      throw new IllegalArgumentException("name: must be a non-blank word");
    }
    if (name.equals(adminName)) {
      throw new IllegalArgumentException("name: '" + adminName + "' is the kit's own user");
    }
    requirePassword(password, "password");
    Objects.requireNonNull(rules, "rules");
    List<String> split = new ArrayList<>();
    for (String rule : rules) {
      Objects.requireNonNull(rule, "rules: null rule");
      for (String token : rule.trim().split("\\s+")) {
        if (!token.isEmpty()) {
          split.add(token);
        }
      }
    }
    return new AclUser(name, password, split);
  }

  /** @throws IllegalArgumentException naming {@code argument} if the password is null or empty */
  public static String requirePassword(String password, String argument) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(argument + ": must not be null or empty");
    }
    return password;
  }

  /** RFC 3986 percent-encoding of everything but unreserved characters, over UTF-8. */
  private static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
