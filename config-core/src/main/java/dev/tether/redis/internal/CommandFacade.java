package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection, sync and async views handed to application code. They stay the same objects
 * while the physical connection underneath is replaced; each command goes to the live connection,
 * is tracked for the stall watchdog, and fails with tether's typed exceptions:
 * {@link RedisNotSentException} (never written, safe to retry) or
 * {@link RedisOutcomeUnknownException} (written, no reply). Redis errors pass through unchanged.
 * Thread-safe.
 */
public final class CommandFacade {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    private static final Object NO_ASYNC = new Object();

    private final ConnectionSupervisor supervisor;
    private final Timer timer;
    private final Duration commandTimeout;
    private final String target;
    private final Map<Method, Object> asyncCounterpart = new ConcurrentHashMap<>();
    private final AtomicBoolean closeWarned = new AtomicBoolean();
    private final RedisCommands<String, String> sync;
    private final RedisAsyncCommands<String, String> async;
    private final StatefulRedisConnection<String, String> connection;

    @SuppressWarnings("unchecked")
    public CommandFacade(ConnectionSupervisor supervisor, Timer timer) {
        this.supervisor = supervisor;
        this.timer = timer;
        this.commandTimeout = supervisor.config().commandTimeout();
        RedisSettings s = supervisor.config().settings();
        this.target = s.host() + ":" + s.port();
        ClassLoader loader = CommandFacade.class.getClassLoader();
        this.sync = (RedisCommands<String, String>) Proxy.newProxyInstance(loader, new Class<?>[]{RedisCommands.class}, this::invokeSync);
        this.async = (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(loader, new Class<?>[]{RedisAsyncCommands.class}, this::invokeAsync);
        this.connection = (StatefulRedisConnection<String, String>) Proxy.newProxyInstance(loader, new Class<?>[]{StatefulRedisConnection.class},
                this::invokeConnection);
    }

    public RedisCommands<String, String> sync() {
        return sync;
    }

    public RedisAsyncCommands<String, String> async() {
        return async;
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    private Object invokeSync(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = objectMethod(proxy, method, args);
        if (special != NO_ASYNC) {
            return special;
        }
        switch (method.getName()) {
            case "getStatefulConnection":
                return connection;
            case "isOpen":
                return supervisor.link() != null;
            default:
                break;
        }
        Object counterpart = asyncCounterpart.computeIfAbsent(method, CommandFacade::findAsync);
        Link link = requireLink();
        if (counterpart == NO_ASYNC) {
            return invokeDirect(link.connection.sync(), method, args, link);
        }
        RedisFuture<?> future = dispatch(link, (Method) counterpart, args);
        try {
            return commandTimeout == null ? future.get() : future.get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (ExecutionException e) {
            throw translate(e.getCause(), link);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    private Object invokeAsync(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = objectMethod(proxy, method, args);
        if (special != NO_ASYNC) {
            return special;
        }
        if (method.getName().equals("getStatefulConnection")) {
            return connection;
        }
        if (method.getName().equals("isOpen")) {
            return supervisor.link() != null;
        }
        if (!RedisFuture.class.isAssignableFrom(method.getReturnType())) {
            Link link = requireLink();
            return invokeDirect(link.async, method, args, link);
        }
        TetherFuture<Object> result = new TetherFuture<>();
        Link link = supervisor.awaitLink();
        if (link == null) {
            result.completeExceptionally(notSent());
            return result;
        }
        RedisFuture<?> future;
        try {
            future = dispatch(link, method, args);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        Timeout timeout = commandTimeout == null ? null
                : timer.newTimeout(t -> result.completeExceptionally(timedOut()), commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((value, error) -> {
            if (timeout != null) {
                timeout.cancel();
            }
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(unwrap(error), link));
            }
        });
        return result;
    }

    private Object invokeConnection(Object proxy, Method method, Object[] args) throws Throwable {
        Object special = objectMethod(proxy, method, args);
        if (special != NO_ASYNC) {
            return special;
        }
        switch (method.getName()) {
            case "sync":
                return sync;
            case "async":
                return async;
            case "isOpen":
                return supervisor.link() != null;
            case "isMulti":
                return false;
            case "getTimeout":
                return commandTimeout;
            case "close":
            case "closeAsync":
                if (closeWarned.compareAndSet(false, true)) {
                    LOG.warn("close() on the shared Redis connection is ignored: other code shares it. Close SharedRedis at shutdown instead.");
                }
                return method.getName().equals("closeAsync") ? CompletableFuture.completedFuture(null) : null;
            case "setTimeout":
                LOG.warn("setTimeout() on the shared Redis connection is ignored: set REDIS_COMMAND_TIMEOUT instead.");
                return null;
            default:
                Link link = requireLink();
                return invokeDirect(link.connection, method, args, link);
        }
    }

    private RedisFuture<?> dispatch(Link link, Method asyncMethod, Object[] args) {
        CommandTracker.TrackedCommand tracked = link.track(commandTimeout);
        RedisFuture<?> future;
        try {
            future = (RedisFuture<?>) asyncMethod.invoke(link.async, args);
        } catch (InvocationTargetException e) {
            tracked.finished(e.getCause());
            throw translate(e.getCause(), link);
        } catch (IllegalAccessException e) {
            tracked.finished(e);
            throw new IllegalStateException(e);
        }
        future.whenComplete((value, error) -> tracked.finished(error == null ? null : unwrap(error)));
        return future;
    }

    private Object invokeDirect(Object target, Method method, Object[] args, Link link) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw translate(e.getCause(), link);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Link requireLink() {
        Link link = supervisor.awaitLink();
        if (link == null) {
            throw notSent();
        }
        return link;
    }

    private RedisNotSentException notSent() {
        var d = supervisor.lastDiagnosis();
        return new RedisNotSentException("not sent: the Redis connection to " + target + " is down"
                + (d == null ? "" : " (" + d.code() + ": " + d.message() + ")") + "; nothing was written, retrying is safe");
    }

    private RedisOutcomeUnknownException timedOut() {
        return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.TIMEOUT,
                "no reply from " + target + " within " + commandTimeout.toMillis() + " ms; the command may have been applied", null);
    }

    /** Maps a driver failure to what the caller should know. */
    private RuntimeException translate(Throwable error, Link link) {
        if (error instanceof RedisCommandExecutionException e) {
            return e;
        }
        if (error instanceof RedisNotSentException || error instanceof RedisOutcomeUnknownException) {
            return (RuntimeException) error;
        }
        if (NeverWritten.test(error)) {
            supervisor.demand();
            return new RedisNotSentException(notSent().getMessage(), error);
        }
        if (link.retiredBecause() == RedisOutcomeUnknownException.Reason.STALLED) {
            return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.STALLED,
                    "the server at " + target + " stopped answering and the connection was replaced; the command may have been applied", error);
        }
        if (isConnectionLoss(error)) {
            supervisor.commandFailed(link, error);
            return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.CONNECTION_LOST,
                    "the connection to " + target + " was lost before the reply; the command may have been applied", error);
        }
        return error instanceof RuntimeException r ? r : new RedisException(error);
    }

    private static boolean isConnectionLoss(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof IOException || c instanceof ClosedChannelException || m.contains("Connection closed")
                    || m.contains("Connection reset") || m.contains("closed") || c instanceof io.lettuce.core.RedisConnectionException
                    // Lettuce cancels the commands it holds (written or buffered) with this when the channel goes inactive
                    || m.contains("Connection disconnected")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static Object findAsync(Method syncMethod) {
        try {
            Method m = RedisAsyncCommands.class.getMethod(syncMethod.getName(), syncMethod.getParameterTypes());
            return RedisFuture.class.isAssignableFrom(m.getReturnType()) ? m : NO_ASYNC;
        } catch (NoSuchMethodException e) {
            return NO_ASYNC;
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() != Object.class) {
            return NO_ASYNC;
        }
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "tether shared connection to " + target;
        };
    }
}
