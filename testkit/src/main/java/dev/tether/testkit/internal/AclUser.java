package dev.tether.testkit.internal;

import java.util.List;

/** One ACL user as the kit configures it: {@code user <name> on ><password> <rules...>}. */
public record AclUser(String name, String password, List<String> rules) {
  public AclUser {
    rules = List.copyOf(rules);
  }
}
