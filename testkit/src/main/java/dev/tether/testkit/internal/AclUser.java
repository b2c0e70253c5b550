package dev.tether.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/** One ACL user as the kit configures it: {@code user <name> on ><password> <rules...>}. */
public record AclUser(String name, String password, List<String> rules) {
  public AclUser {
    rules = List.copyOf(rules);
  }

  /**
   * {@code ACL SETUSER name resetpass resetkeys -@all on >password rules...}: creates or replaces
   * this user on a running server.
   */
  public String[] setUserCommand() {
    List<String> args = new ArrayList<>(
        List.of("ACL", "SETUSER", name, "resetpass", "resetkeys", "-@all", "on", ">" + password));
    args.addAll(rules);
    return args.toArray(new String[0]);
  }
}
