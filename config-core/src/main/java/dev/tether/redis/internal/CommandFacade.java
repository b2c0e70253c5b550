package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection, sync, async and reactive views handed to application code. They stay the same
 * objects while the physical connection underneath is replaced; each command is classified by its
 * {@link CommandKind} and refused when its {@link ConnectionRole} cannot take it (nothing sent),
 * otherwise sent to the live connection, tracked for the stall watchdog, and failed with tether's
 * typed exceptions: {@link RedisNotSentException} (never written, safe to retry) or
 * {@link RedisOutcomeUnknownException} (written, no reply). Redis errors pass through unchanged.
 *
 * <p>On a dedicated connection, {@code WATCH}/{@code MULTI} pin the physical connection until
 * {@code EXEC}/{@code DISCARD}/{@code UNWATCH}: if it is lost meanwhile, later commands fail as
 * not sent instead of silently running outside the transaction on a new connection. Commands
 * queued inside {@code MULTI} return {@code null} from the sync view at once (Lettuce's own sync
 * semantics) and their async futures complete at {@code EXEC}.
 *
 * <p>Thread-safe.
 */
public final class CommandFacade {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    /** {@link #objectMethod} for a call that is not one of {@code Object}'s methods. */
    private static final Object NOT_AN_OBJECT_METHOD = new Object();

    /** What Lettuce's {@code StatefulRedisConnectionImpl} proxies for {@code sync()} (RedisCommands extends RedisClusterCommands). */
    private static final Class<?>[] LETTUCE_SYNC_VIEW = {RedisCommands.class, io.lettuce.core.cluster.api.sync.RedisClusterCommands.class};

    private final ConnectionSupervisor supervisor;
    private final Timer timer;
    private final ConnectionRole role;
    private final Duration commandTimeout;
    private final boolean autoFlush;
    private final String target;
    private final TransactionPin pin;
    private final CommandFailures failures;
    private final AtomicBoolean closeWarned = new AtomicBoolean();
    // The views are made on first use: each is a proxy class of hundreds of methods, whose first
    // generation in a JVM costs milliseconds that a sync-only service should not pay for async.
    private volatile RedisCommands<String, String> sync;
    private volatile RedisAsyncCommands<String, String> async;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile RedisReactiveCommands<String, String> reactive;
    private volatile Link configured;

    /**
     * @param commandTimeout how long a caller waits for a reply; {@code null} waits until the connection closes
     */
    public CommandFacade(ConnectionSupervisor supervisor, Timer timer, ConnectionRole role, Duration commandTimeout) {
        this(supervisor, timer, role, commandTimeout, role != ConnectionRole.PIPELINE, null);
    }

    /** @param pin the transaction pin of the views this one shares its connection with; {@code null} for a new one */
    private CommandFacade(ConnectionSupervisor supervisor, Timer timer, ConnectionRole role, Duration commandTimeout, boolean autoFlush,
                          TransactionPin pin) {
        this.supervisor = supervisor;
        this.timer = timer;
        this.role = role;
        this.commandTimeout = commandTimeout;
        this.autoFlush = autoFlush;
        RedisSettings s = supervisor.config().settings();
        this.target = s.host() + ":" + s.port();
        this.pin = pin != null ? pin : new TransactionPin(target);
        this.failures = new CommandFailures(supervisor, target);
    }

    /** The same connection seen with another timeout: a per-call override for a slow script or a big SCAN. */
    public CommandFacade withTimeout(Duration timeout) {
        return new CommandFacade(supervisor, timer, role, timeout, autoFlush, pin);
    }

    /** The same connection (and transaction pin) seen in another role, e.g. a transaction body's view. */
    public CommandFacade as(ConnectionRole viewRole) {
        return new CommandFacade(supervisor, timer, viewRole, commandTimeout, autoFlush, pin);
    }

    public RedisCommands<String, String> sync() {
        RedisCommands<String, String> v = sync;
        if (v == null) {
            synchronized (this) {
                v = sync;
                if (v == null) {
                    // The interfaces and loader Lettuce's own sync view uses: the JDK reuses the proxy class
                    // every Lettuce connection already made, instead of generating a second one (tens of ms cold).
                    v = view(LETTUCE_SYNC_VIEW, this::invokeSync);
                    sync = v;
                }
            }
        }
        return v;
    }

    public RedisAsyncCommands<String, String> async() {
        RedisAsyncCommands<String, String> v = async;
        if (v == null) {
            synchronized (this) {
                v = async;
                if (v == null) {
                    v = view(new Class<?>[]{RedisAsyncCommands.class}, this::invokeAsync);
                    async = v;
                }
            }
        }
        return v;
    }

    public StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> v = connection;
        if (v == null) {
            synchronized (this) {
                v = connection;
                if (v == null) {
                    v = view(new Class<?>[]{StatefulRedisConnection.class}, this::invokeConnection);
                    connection = v;
                }
            }
        }
        return v;
    }

    /** A proxy of {@code types} whose calls go to {@code handler}. */
    @SuppressWarnings("unchecked")
    private <T> T view(Class<?>[] types, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(io.lettuce.core.AbstractRedisClient.class.getClassLoader(), types,
                (proxy, method, args) -> reporting(handler, proxy, method, args));
    }

    public RedisReactiveCommands<String, String> reactive() {
        RedisReactiveCommands<String, String> r = reactive;
        if (r == null) {
            r = new ReactiveCommandsView(this).proxy();
            reactive = r;
        }
        return r;
    }

    /** Whether a WATCH or MULTI holds this facade to one physical connection. */
    boolean pinnedToLink() {
        return pin.held();
    }

    ConnectionSupervisor supervisor() {
        return supervisor;
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    CommandFailures failures() {
        return failures;
    }

    /**
     * Writes what this facade's pipeline buffered on {@code link}; for the {@link ConnectionRole#PIPELINE}
     * role, whose connection does not flush on its own.
     */
    void flush(Link link) {
        link.connection.flushCommands();
    }

    private Object invokeSync(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = objectMethod(proxy, method, args);
        if (special != NOT_AN_OBJECT_METHOD) {
            return special;
        }
        switch (method.getName()) {
            case "getStatefulConnection":
                return connection();
            case "isOpen":
                return supervisor.link() != null;
            default:
                break;
        }
        String name = method.getName();
        CommandKind kind = ProxiedCalls.classify(name, args);
        refuseIfNeeded(kind, name, args);
        Method counterpart = ProxiedCalls.asyncCounterpart(method);
        Link link = linkFor(kind, name, args);
        if (counterpart == null) {
            return link.cluster() == null ? invokeDirect(link.sync(), method, args, link)
                    : invokeDirect(link.sync(), ClusterCommands.sync(method), args, link);
        }
        boolean queued = kind != CommandKind.TRANSACTION && link.isMulti();
        Duration timeout = timeoutFor(kind, name, args);
        RedisFuture<?> future = dispatch(link, kind, name, counterpart, args, timeout);
        if (queued) {
            // Lettuce completes commands queued in MULTI only at EXEC: answer like Lettuce's own sync API
            return null;
        }
        try {
            return timeout == null ? future.get() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failures.timedOut(timeout, link);
        } catch (ExecutionException e) {
            throw failures.translate(e.getCause(), link);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    private Object invokeAsync(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = objectMethod(proxy, method, args);
        if (special != NOT_AN_OBJECT_METHOD) {
            return special;
        }
        String name = method.getName();
        if (name.equals("getStatefulConnection")) {
            return connection();
        }
        if (name.equals("isOpen")) {
            return supervisor.link() != null;
        }
        CommandKind kind = ProxiedCalls.classify(name, args);
        refuseIfNeeded(kind, name, args);
        if (!RedisFuture.class.isAssignableFrom(method.getReturnType())) {
            Link link = requireLink();
            return invokeDirect(link.async, link.cluster() == null ? method : ClusterCommands.async(method), args, link);
        }
        TetherFuture<Object> result = new TetherFuture<>();
        result.whenComplete((value, error) -> {
            if (error != null && CommandFailures.unwrap(error) instanceof RuntimeException failure) {
                reported(failure);
            }
        });
        Link link;
        try {
            link = linkFor(kind, name, args);
        } catch (RedisNotSentException e) {
            result.completeExceptionally(e);
            return result;
        }
        boolean queued = kind != CommandKind.TRANSACTION && link.isMulti();
        Duration timeout = queued ? null : timeoutFor(kind, name, args);
        RedisFuture<?> future;
        try {
            future = dispatch(link, kind, name, method, args, timeout);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        Timeout timer = timeout == null || !autoFlush ? null
                : this.timer.newTimeout(t -> result.completeExceptionally(failures.timedOut(timeout, link)), timeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((value, error) -> {
            if (timer != null) {
                timer.cancel();
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failures.translate(CommandFailures.unwrap(error), link));
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private Object invokeConnection(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = objectMethod(proxy, method, args);
        if (special != NOT_AN_OBJECT_METHOD) {
            return special;
        }
        String name = method.getName();
        switch (name) {
            case "sync":
                return sync();
            case "async":
                return async();
            case "reactive":
                return reactive();
            case "isOpen":
                return supervisor.link() != null;
            case "isMulti":
                return pin.inMulti();
            case "getTimeout":
                return commandTimeout;
            case "close":
            case "closeAsync":
                if (closeWarned.compareAndSet(false, true)) {
                    LOG.warn("close() on the shared Redis connection is ignored: other code shares it. Close SharedRedis at shutdown instead.");
                }
                return name.equals("closeAsync") ? CompletableFuture.completedFuture(null) : null;
            case "setTimeout":
                LOG.warn("setTimeout() on the shared Redis connection is ignored: set REDIS_COMMAND_TIMEOUT, or use SharedRedis.withTimeout(...) for one call.");
                return null;
            case "removeListener":
                return null;
            case "dispatch":
                if (args[0] instanceof RedisCommand<?, ?, ?> command) {
                    refuseIfNeeded(CommandKind.ofKeyword(command.getType().toString(), ProxiedCalls.render(command.getArgs())), command.getType().toString(), null);
                } else if (args[0] instanceof Collection<?> commands) {
                    for (Object c : commands) {
                        RedisCommand<?, ?, ?> command = (RedisCommand<?, ?, ?>) c;
                        refuseIfNeeded(CommandKind.ofKeyword(command.getType().toString(), ProxiedCalls.render(command.getArgs())), command.getType().toString(), null);
                    }
                }
                break;
            default:
                refuseIfNeeded(CommandKind.ofMethod(name, args), name, args);
                break;
        }
        Link link = requireLink();
        return invokeDirect(link.connection, link.cluster() == null ? method : ClusterCommands.connection(method), args, link);
    }

    /** Calls {@code handler}; a failure thrown to the caller is {@linkplain #reported reported}. */
    Object reporting(java.lang.reflect.InvocationHandler handler, Object proxy, Method method, Object[] args) throws Throwable {
        try {
            return handler.invoke(proxy, method, args);
        } catch (RuntimeException e) {
            throw reported(e);
        }
    }

    /**
     * Tells the connection's listeners about a command that failed because of the connection (not
     * sent, outcome unknown, refused); call once per failure the caller receives. Returns {@code failure}.
     */
    RuntimeException reported(RuntimeException failure) {
        if (failure instanceof RedisNotSentException || failure instanceof RedisOutcomeUnknownException || failure instanceof CommandRefusedException) {
            supervisor.reportCommandFailure(failure);
        }
        return failure;
    }

    void refuseIfNeeded(CommandKind kind, String name, Object[] args) {
        ProxiedCalls.refuseIfNeeded(role, kind, name, args);
    }

    /**
     * The connection this command goes to: the one holding an open WATCH/MULTI, else the live one.
     *
     * @throws RedisNotSentException when there is none, or the transaction's connection was lost
     */
    Link linkFor(CommandKind kind, String name, Object[] args) {
        Link pinned = pin.linkFor(kind, name, args);
        return pinned != null ? pinned : requireLink();
    }

    /** Sends on {@code link}, tracked for the watchdog; {@code timeout} is this command's own limit (null: none). */
    RedisFuture<?> dispatch(Link link, CommandKind kind, String name, Method asyncMethod, Object[] args, Duration timeout) {
        Method target = asyncMethod;
        if (link.cluster() != null) {
            // both refusals come before anything is tracked or written
            target = ClusterCommands.async(asyncMethod);
            ClusterCommands.requireOneSlot(asyncMethod, args);
        }
        if (!autoFlush && configured != link) {
            link.connection.setAutoFlushCommands(false);
            configured = link;
        }
        // the tracker knows each command's own timeout: the watchdog never calls it stalled before then
        CommandTracker.TrackedCommand tracked = link.track(timeout);
        if (kind == CommandKind.TRANSACTION) {
            pin.update(link, name, args);
        }
        RedisFuture<?> future;
        try {
            future = (RedisFuture<?>) target.invoke(link.async, args);
        } catch (InvocationTargetException e) {
            tracked.finished(e.getCause());
            throw failures.translate(e.getCause(), link);
        } catch (IllegalAccessException e) {
            tracked.finished(e);
            throw new IllegalStateException(e);
        }
        future.whenComplete((value, error) -> tracked.finished(error == null ? null : CommandFailures.unwrap(error)));
        return future;
    }

    /** A blocking command waits its own block time plus the command timeout; "block forever" waits until close. */
    Duration timeoutFor(CommandKind kind, String name, Object[] args) {
        if (kind != CommandKind.BLOCKING || commandTimeout == null) {
            return commandTimeout;
        }
        Duration block = name.equals("dispatch")
                ? CommandKind.blockTimeOfKeyword(String.valueOf(args[0]), args.length > 2 && args[2] instanceof CommandArgs<?, ?> a ? ProxiedCalls.render(a) : "")
                : CommandKind.blockTimeOfMethod(name, args);
        return block.isZero() ? null : block.plus(commandTimeout);
    }

    private Object invokeDirect(Object target, Method method, Object[] args, Link link) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw failures.translate(e.getCause(), link);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    Link requireLink() {
        Link link = supervisor.awaitLink();
        if (link == null) {
            throw failures.notSent();
        }
        return link;
    }

    /** The "not sent" failure for a call that found the connection down, as the views throw it. */
    public RedisNotSentException notSentNow() {
        return failures.notSent();
    }

    Object objectMethod(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() != Object.class) {
            return NOT_AN_OBJECT_METHOD;
        }
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "tether " + role.name().toLowerCase(java.util.Locale.ROOT) + " connection to " + target;
        };
    }

    static boolean isSpecial(Object result) {
        return result != NOT_AN_OBJECT_METHOD;
    }
}
