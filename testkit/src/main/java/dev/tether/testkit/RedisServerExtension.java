package dev.tether.testkit;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link RedisServer} before tests and closes it afterwards, also when a test fails.
 *
 * <ul>
 *   <li>In a {@code static} {@code @RegisterExtension} field, or via {@code
 *       @ExtendWith(RedisServerExtension.class)} (a plain server): one server for the whole class.
 *   <li>In an instance {@code @RegisterExtension} field: a fresh server for every test method.
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension
 * static RedisServerExtension redis = RedisServerExtension.of(RedisServer.builder().requirePass("pw"));
 *
 * @Test
 * void answersPing(RedisServer server) {   // or redis.server()
 *   assertThat(server.command("PING")).isEqualTo("PONG");
 * }
 * }</pre>
 *
 * Test methods, lifecycle methods and constructors may declare a {@link RedisServer} parameter;
 * with more than one extension registered, use {@link #server()} instead (JUnit rejects the
 * ambiguous parameter). Thread-safe for reads of {@link #server()}; lifecycle calls come from JUnit.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

  private final RedisServer.Builder builder;
  private volatile RedisServer server;
  private volatile String ownerContextId;

  /** A plain server; used by {@code @ExtendWith(RedisServerExtension.class)}. */
  public RedisServerExtension() {
    this(RedisServer.builder());
  }

  private RedisServerExtension(RedisServer.Builder builder) {
    this.builder = builder;
  }

  /** An extension that starts servers built by {@code builder} (one {@code build()} per start). */
  public static RedisServerExtension of(RedisServer.Builder builder) {
    return new RedisServerExtension(Objects.requireNonNull(builder, "builder"));
  }

  /** An extension for a plain server without authentication. */
  public static RedisServerExtension plain() {
    return new RedisServerExtension();
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException outside the scope the extension manages
   */
  public RedisServer server() {
    RedisServer s = server;
    if (s == null) {
      throw new IllegalStateException("no server: the extension has not started one in this scope");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startFor(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    startFor(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopFor(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopFor(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server();
  }

  // The first context that sees no server owns the one it starts; nested classes and methods
  // inside a class-scoped server reuse it.
  private synchronized void startFor(ExtensionContext context) {
    if (server == null) {
      RedisServer started = builder.build();
      try {
        started.start();
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      server = started;
      ownerContextId = context.getUniqueId();
    }
  }

  private synchronized void stopFor(ExtensionContext context) {
    if (server != null && context.getUniqueId().equals(ownerContextId)) {
      try {
        server.close();
      } finally {
        server = null;
        ownerContextId = null;
      }
    }
  }
}
