package dev.tether.testkit;

import dev.tether.testkit.internal.AclUser;
import dev.tether.testkit.internal.AdminChannel;
import dev.tether.testkit.internal.Arguments;
import dev.tether.testkit.internal.OwnedResources;
import dev.tether.testkit.internal.RedisConf;
import dev.tether.testkit.internal.RedisLauncher;
import dev.tether.testkit.internal.ServerCredentials;
import dev.tether.testkit.netns.NetworkNamespace;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. Reads like a
 * Testcontainers container: {@link #start()}, {@link #close()}, {@link #host()}, {@link #port()},
 * {@link #uri()}, {@link #caFile()}.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().requirePass("s3cret").tls().start()) {
 *   RedisURI uri = RedisURI.create(redis.uriWithCredentials());   // rediss://default:s3cret@127.0.0.1:port
 *   // trust redis.caFile() ...
 * }
 * }</pre>
 *
 * <p>Servers run without persistence, bound to {@code 127.0.0.1}; a TLS server listens on TLS only
 * ({@code port 0}, {@code tls-port}). The kit adds its own ACL user ({@value #ADMIN_USER}, random
 * password) that it uses for readiness PINGs, {@link #command}, {@link #clientCount()} and
 * runtime credential changes; {@link #clientCount()} leaves its connections out. Each admin call
 * uses one short connection that the server has released (QUIT, then EOF awaited) before the call
 * returns, so with {@code maxclients N} all N slots are free for the test between admin calls.
 *
 * <p>Only the process this object started is ever signalled or killed, also at JVM exit (shutdown
 * hook); a JVM killed with SIGKILL leaves it running.
 *
 * <p>Thread-safe: lifecycle and control methods are serialized on this object; {@link #command},
 * {@link #commandAs} and {@link #clientCount()} open their own connection per call and may run
 * concurrently.
 *
 * <p>This class is the facade: the process side (binary, ports, config, launch, signals) is
 * {@code internal.RedisLauncher} over {@code internal.RedisProcess}, the kit's connection to the
 * server {@code internal.AdminChannel}, who may log in {@code internal.ServerCredentials}.
 */
public final class RedisServer implements TestResource {

  /** The address servers bind to, unless started in a network namespace. */
  public static final String HOST = "127.0.0.1";

  /** The ACL user the kit itself authenticates as; excluded from {@link #clientCount()}. */
  public static final String ADMIN_USER = "tether-admin";

  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

  private final TestCertificates certificates;
  private final boolean ownsCertificates;
  private final boolean mutualTls;
  private final String host;
  private final ServerCredentials credentials;
  private final AdminChannel adminChannel;
  private final RedisLauncher launcher;
  private volatile boolean closed; // lifecycle guarded by "this"

  private RedisServer(Builder b) {
    this.mutualTls = b.mutualTls;
    this.ownsCertificates = b.tls && b.certificates == null;
    this.certificates = ownsCertificates ? TestCertificates.create() : b.certificates;
    this.host = b.namespace != null ? b.namespace.address() : b.bindAddress != null ? b.bindAddress : HOST;
    this.credentials = new ServerCredentials(ADMIN_USER, b.requirePass, b.users);
    this.adminChannel = new AdminChannel(host,
        certificates == null ? null : certificates.sslContext(true), b.adminTimeout,
        RedisReplyException::new);
    AclUser admin = credentials.admin();
    Duration probeTimeout = Duration.ofMillis(Math.min(1000, b.adminTimeout.toMillis()));
    RedisConf.Tls tls = certificates == null ? null : new RedisConf.Tls(
        certificates.serverCertFile(), certificates.serverKeyFile(), certificates.caFile(),
        mutualTls);
    List<String> extraConfig = List.copyOf(b.extraConfig);
    this.launcher = new RedisLauncher(host,
        b.namespace == null ? List.of() : b.namespace.inside(), b.binary, b.port,
        (port, dir) -> RedisConf.render(host, port, tls, dir, credentials.requirePass(),
            credentials.users(), admin, extraConfig),
        port -> adminChannel.probe(port, admin.name(), admin.password(), probeTimeout),
        b.startupTimeout);
  }

  /** A builder for a server with password, ACL users, TLS or extra config. */
  public static Builder builder() {
    return new Builder();
  }

  /** A plaintext server without authentication (not started). */
  public static RedisServer plain() {
    return builder().build();
  }

  /** A plaintext server whose default user needs {@code password} (not started). */
  public static RedisServer withPassword(String password) {
    return builder().requirePass(password).build();
  }

  /** A TLS-only server with freshly generated certificates (not started). */
  public static RedisServer tls() {
    return builder().tls().build();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the process on a free loopback port (or, after {@link #kill()}, the port it had) and
   * waits until it answers PING. Does nothing if already running.
   *
   * @return this server
   * @throws IllegalStateException if the server is closed, or does not answer within the startup
   *     timeout or exits (the message carries the tail of its log)
   */
  @Override
  public synchronized RedisServer start() {
    requireOpen();
    if (launcher.start()) {
      LOG.info("started redis-server on {}:{} (pid {}, {})", host, launcher.port(), pid(),
          launcher.binary().source());
    }
    return this;
  }

  /**
   * Stops the process (SIGKILL, which also ends a frozen one), waits for it to exit and deletes its
   * temp files. Idempotent. A closed server cannot be started again.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    launcher.destroy();
    if (ownsCertificates) {
      OwnedResources.deleteNow(certificates.directory());
    }
  }

  /** Same as {@link #close()}. */
  public void stop() {
    close();
  }

  // ---------------------------------------------------------------- faults

  /**
   * Sends SIGSTOP: the kernel still accepts TCP connections, but nothing is answered until
   * {@link #unfreeze()}: a hung server or a stalled network path as a client sees it.
   *
   * @throws IllegalStateException if not running
   */
  public synchronized void freeze() {
    launcher.running().freeze();
  }

  /**
   * Sends SIGCONT; the server answers again right away (queued commands are then processed).
   *
   * @throws IllegalStateException if not running
   */
  public synchronized void unfreeze() {
    launcher.running().unfreeze();
  }

  /**
   * Kills the process with SIGKILL and waits for it to exit: clients see their connections reset
   * and new connections refused. {@link #restart()} or {@link #start()} bring it back on the same
   * port. Does nothing if not running.
   */
  public synchronized void kill() {
    requireOpen();
    launcher.kill();
  }

  /**
   * Kills the process if it runs, then starts it again on the same port with the current
   * configuration (including passwords changed at runtime) and waits until it answers PING.
   *
   * @throws IllegalStateException if never started, closed, or the restart fails (e.g. the port was
   *     taken meanwhile)
   */
  public synchronized void restart() {
    requireOpen();
    requireStartedPort("restart() before start()");
    launcher.kill();
    start();
  }

  /**
   * Like {@link #restart()} but returns as soon as the process is spawned, without waiting for
   * PING: for tests that need to observe a server that is not ready yet, e.g. {@code LOADING} while
   * it loads a large {@code dump.rdb} (written by {@code SAVE} into the server's own directory, which
   * survives restarts; {@code key-load-delay} slows loading down).
   *
   * @throws IllegalStateException if never started or closed
   */
  public synchronized void restartWithoutWaiting() {
    requireOpen();
    requireStartedPort("restartWithoutWaiting() before start()");
    launcher.restartWithoutWaiting();
  }

  // ---------------------------------------------------------------- credentials at runtime

  /**
   * Changes the default user's password ({@code CONFIG SET requirepass}) on the running server and
   * for later restarts. Existing authenticated connections stay authenticated; new ones need the
   * new password. On a killed server it only takes effect at the next restart.
   *
   * @throws IllegalArgumentException if {@code newPassword} is null or empty
   */
  public synchronized void setPassword(String newPassword) {
    requireOpen();
    ServerCredentials.requirePassword(newPassword, "newPassword");
    if (isRunning()) {
      command("CONFIG", "SET", "requirepass", newPassword);
    }
    credentials.requirePass(newPassword);
  }

  /**
   * Creates or replaces ACL user {@code name} with {@code password} and {@code rules} ({@code ACL
   * SETUSER name resetpass resetkeys -@all on >password rules...}) on the running server and for
   * later restarts.
   *
   * @param rules ACL rules, e.g. {@code "~*", "+@all"} or {@code "~*", "+get"}; a single string with
   *     spaces is split into rules
   * @throws IllegalArgumentException on a null/empty name or password, or the kit's own user name
   */
  public synchronized void setAclUser(String name, String password, String... rules) {
    requireOpen();
    AclUser user = ServerCredentials.aclUser(ADMIN_USER, name, password, rules);
    if (isRunning()) {
      command(user.setUserCommand());
    }
    credentials.put(user);
  }

  // ---------------------------------------------------------------- talking to the server

  /**
   * Sends one command as the kit's admin user over a new connection (TLS with the client
   * certificate for a TLS server) and returns the reply as text: simple and bulk strings as is,
   * integers in decimal, arrays one element per line ({@code (nil)} for nil elements), a nil
   * reply as {@code null}.
   *
   * @throws RedisReplyException if Redis answers with an error
   * @throws UncheckedIOException if the server cannot be reached or does not answer within the
   *     admin timeout (e.g. it is frozen)
   */
  public String command(String... args) {
    return commandAs(ADMIN_USER, credentials.admin().password(), args);
  }

  /**
   * Like {@link #command} but authenticates as {@code user} ({@code AUTH user password}); with a
   * null {@code password} sends no AUTH at all, so the connection is the unauthenticated default
   * user's.
   *
   * @throws RedisReplyException if AUTH or the command gets an error reply (e.g. {@code NOPERM})
   * @throws UncheckedIOException if the server cannot be reached or does not answer in time
   */
  public String commandAs(String user, String password, String... args) {
    if (args == null || args.length == 0) {
      throw new IllegalArgumentException("args: a command is required");
    }
    return adminChannel.call(port(), user, password, args);
  }

  /**
   * The number of client connections, from {@code CLIENT LIST}, excluding the kit's own admin
   * connections.
   *
   * @throws UncheckedIOException if the server does not answer
   */
  public int clientCount() {
    return adminChannel.clientCountExcept(port(), ADMIN_USER, credentials.admin().password());
  }

  // ---------------------------------------------------------------- accessors

  /**
   * {@value #HOST}, the address given to {@link Builder#bind}, or the namespace's address for a
   * server started {@link Builder#in in} one.
   */
  public String host() {
    return host;
  }

  /**
   * The port clients connect to (the TLS port for a TLS server); stable across {@link #kill()} and
   * {@link #restart()}.
   *
   * @throws IllegalStateException before the first {@link #start()}
   */
  public int port() {
    return requireStartedPort("server not started");
  }

  /** {@code redis://127.0.0.1:port} or {@code rediss://127.0.0.1:port}, without credentials. */
  public String uri() {
    return scheme() + host + ":" + port();
  }

  /**
   * {@link #uri()} with the default credentials: {@code default:<requirepass>} if a password is
   * set, else the first ACL user given to the builder, else no credentials. Uses the current
   * password after {@link #setPassword}. Contains a secret: keep it out of logs.
   */
  public String uriWithCredentials() {
    String user = credentials.defaultLogin();
    return user == null ? uri() : uriWithCredentials(user);
  }

  /**
   * {@link #uri()} with {@code user}'s current password ({@code "default"} means the requirepass),
   * percent-encoded.
   *
   * @throws IllegalArgumentException if the server has no such user or password
   */
  public String uriWithCredentials(String user) {
    return scheme() + credentials.userInfo(user) + "@" + host + ":" + port();
  }

  /** The default user's current password, or {@code null} if none is required. */
  public String password() {
    return credentials.requirePass();
  }

  /**
   * The current password of {@code user} ({@code "default"} means the requirepass).
   *
   * @throws IllegalArgumentException if the server has no such user or password
   */
  public String password(String user) {
    return credentials.password(user);
  }

  /** Whether the server speaks TLS only. */
  public boolean isTls() {
    return certificates != null;
  }

  /** Whether the server requires client certificates ({@code tls-auth-clients yes}). */
  public boolean isMutualTls() {
    return mutualTls;
  }

  /**
   * The certificates the server uses; {@link #caFile()} is what a client should trust,
   * {@link #clientCertFile()} and {@link #clientKeyFile()} what it presents for mutual TLS.
   *
   * @throws IllegalStateException if the server is not a TLS server (also for the three files)
   */
  public TestCertificates certificates() {
    if (certificates == null) {
      throw new IllegalStateException("not a TLS server");
    }
    return certificates;
  }

  /** PEM of the CA that signed the server certificate: what a client should trust. */
  public Path caFile() {
    return certificates().caFile();
  }

  /** PEM of a client certificate the server accepts for mutual TLS. */
  public Path clientCertFile() {
    return certificates().clientCertFile();
  }

  /** PEM (PKCS#8, unencrypted) of the client certificate's key. */
  public Path clientKeyFile() {
    return certificates().clientKeyFile();
  }

  /**
   * The pid of the current process.
   *
   * @throws IllegalStateException if not running
   */
  public long pid() {
    return launcher.running().pid();
  }

  /** Whether the process is alive (a frozen process is alive). */
  public boolean isRunning() {
    return launcher.isRunning();
  }

  /** Whether {@link #freeze()} was called without {@link #unfreeze()} since. */
  public boolean isFrozen() {
    return launcher.isFrozen();
  }

  /** The binary this server runs (resolved at the first start). */
  public synchronized RedisBinary binary() {
    return launcher.binary();
  }

  /** The server's stdout/stderr log, across restarts; {@code null} before the first start. */
  public synchronized Path logFile() {
    return launcher.logFile();
  }

  @Override
  public String toString() {
    int p = launcher.port();
    return "RedisServer[" + (p == 0 ? "not started" : scheme() + host + ":" + p)
        + (closed ? ", closed" : isFrozen() ? ", frozen" : isRunning() ? ", running" : ", stopped")
        + "]";
  }

  private String scheme() {
    return certificates == null ? "redis://" : "rediss://";
  }

  private int requireStartedPort(String message) {
    int p = launcher.port();
    if (p == 0) {
      throw new IllegalStateException(message);
    }
    return p;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("server closed");
    }
  }

  /**
   * Configures a {@link RedisServer}. Not thread-safe; each {@link #build()} makes an independent
   * server (with its own generated certificates when {@link #tls()} was chosen).
   */
  public static final class Builder {
    private String requirePass;
    private final Map<String, AclUser> users = new LinkedHashMap<>();
    private boolean tls;
    private boolean mutualTls;
    private TestCertificates certificates;
    private final List<String> extraConfig = new ArrayList<>();
    private RedisBinary binary;
    private Duration startupTimeout = Duration.ofSeconds(20);
    private Duration adminTimeout = Duration.ofSeconds(5);
    private NetworkNamespace namespace;
    private String bindAddress;
    private int port;

    private Builder() {}

    /**
     * Listens on {@code port} instead of a free port picked at start; {@link RedisServer#start()}
     * then fails rather than retries if the port is taken. For callers that must choose ports
     * themselves, e.g. a cluster node whose bus port ({@code port + 10000}) must be free too.
     *
     * @throws IllegalArgumentException unless {@code 1 <= port <= 65535}
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: must be 1..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Binds the server to {@code loopbackAddress} (an IPv4 literal in {@code 127.0.0.0/8}, all of
     * which Linux routes to {@code lo}) instead of {@value #HOST}: a second server can then listen
     * on a port another one uses on {@value #HOST}, as a host behind a re-pointed DNS name does.
     *
     * @throws IllegalArgumentException unless {@code loopbackAddress} is such a literal
     */
    public Builder bind(String loopbackAddress) {
      String[] octets = String.valueOf(loopbackAddress).split("\\.", -1);
      boolean valid = octets.length == 4 && octets[0].equals("127");
      for (int i = 0; valid && i < 4; i++) {
        valid = octets[i].matches("\\d{1,3}") && Integer.parseInt(octets[i]) <= 255;
      }
      if (!valid) {
        throw new IllegalArgumentException(
            "loopbackAddress: must be an IPv4 literal in 127.0.0.0/8, was " + loopbackAddress);
      }
      this.bindAddress = loopbackAddress;
      return this;
    }

    /**
     * Runs the server inside {@code namespace}, bound to its {@link NetworkNamespace#address()}, so
     * that its traffic crosses the namespace's rules ({@link NetworkNamespace#apply}). For TLS, use
     * certificates naming that address ({@code TestCertificates.forServerNames(ns.address())}).
     */
    public Builder in(NetworkNamespace namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * The default user needs {@code password} ({@code requirepass}).
     *
     * @throws IllegalArgumentException if null or empty
     */
    public Builder requirePass(String password) {
      this.requirePass = ServerCredentials.requirePassword(password, "password");
      return this;
    }

    /**
     * Adds ACL user {@code name} ({@code user name on >password rules...}), e.g. {@code
     * aclUser("app", "pw", "~*", "+@all")} or a restricted {@code aclUser("reader", "pw", "~*",
     * "+get")}. Rules may also be given as one string: {@code "~* +@all"}. The default user is
     * unchanged (passwordless unless {@link #requirePass} is set).
     *
     * @throws IllegalArgumentException on a null/blank name, a null/empty password or the kit's own
     *     user name
     */
    public Builder aclUser(String name, String password, String... rules) {
      if ("default".equals(name)) {
        throw new IllegalArgumentException("name: use requirePass(...) for the default user");
      }
      users.put(name, ServerCredentials.aclUser(ADMIN_USER, name, password, rules));
      return this;
    }

    /** TLS only, with certificates generated for this server ({@link TestCertificates#create()}). */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** TLS only, with the given certificates (e.g. {@link TestCertificates#forServerNames}). */
    public Builder tls(TestCertificates certificates) {
      this.certificates = Objects.requireNonNull(certificates, "certificates");
      this.tls = true;
      return this;
    }

    /**
     * TLS only, and clients must present a certificate signed by the CA ({@code tls-auth-clients
     * yes}). Uses generated certificates unless combined with {@link #tls(TestCertificates)}.
     */
    public Builder mutualTls() {
      this.tls = true;
      this.mutualTls = true;
      return this;
    }

    /** Raw {@code redis.conf} lines appended last, e.g. {@code "maxclients 1"}. */
    public Builder config(String... lines) {
      for (String line : Objects.requireNonNull(lines, "lines")) {
        extraConfig.add(Objects.requireNonNull(line, "lines: null line"));
      }
      return this;
    }

    /** Runs this binary instead of {@link RedisBinary#resolve()}. */
    public Builder binary(RedisBinary binary) {
      this.binary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /**
     * How long {@link RedisServer#start()} waits for PONG (default 20 s).
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Arguments.positive(timeout, "timeout");
      return this;
    }

    /**
     * Connect and read timeout of the kit's own admin calls ({@link RedisServer#command}, default 5
     * s).
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public Builder adminTimeout(Duration timeout) {
      this.adminTimeout = Arguments.positive(timeout, "timeout");
      return this;
    }

    /** A new, not yet started server. */
    public RedisServer build() {
      return new RedisServer(this);
    }

    /** {@code build().start()}. */
    public RedisServer start() {
      return build().start();
    }
  }
}
