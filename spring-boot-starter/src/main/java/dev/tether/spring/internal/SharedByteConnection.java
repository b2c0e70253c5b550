package dev.tether.spring.internal;

import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.RedisCommand;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A {@code byte[]} view of tether's ONE shared connection, for Spring Data Redis. Lettuce commands carry
 * their own codec, so each command Spring builds with {@link ByteArrayCodec} is handed to
 * {@link SharedRedis#async()}'s {@code dispatch}: it runs on the shared physical connection with
 * tether's tracking, stall watchdog and typed failures, which are translated into the Lettuce
 * exceptions Spring's converter maps: "not sent" becomes a {@link RedisConnectionException} (Spring:
 * {@code RedisConnectionFailureException}), an unanswered command past its timeout a
 * {@link RedisCommandTimeoutException} (Spring: {@code QueryTimeoutException}); a lost or stalled
 * connection's {@link RedisOutcomeUnknownException} stays as it is (Spring: {@code RedisSystemException}
 * with it as the cause). Each of these keeps tether's exception as its cause.
 *
 * <p>Per-connection state (MULTI, SELECT, blocking reads, pub/sub, pipelining) is not for this view:
 * Spring runs those on dedicated connections. {@code close()} is ignored. Thread-safe.
 */
public final class SharedByteConnection implements InvocationHandler {
    private static final java.time.Duration SPRING_WAIT_MARGIN = java.time.Duration.ofSeconds(1);

    private final SharedRedis redis;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisAsyncCommands<byte[], byte[]> async;
    private final RedisCommands<byte[], byte[]> sync;

    @SuppressWarnings("unchecked")
    private SharedByteConnection(SharedRedis redis) {
        this.redis = redis;
        ClassLoader loader = SharedByteConnection.class.getClassLoader();
        this.connection = (StatefulRedisConnection<byte[], byte[]>) Proxy.newProxyInstance(loader,
                new Class<?>[]{StatefulRedisConnection.class}, this);
        this.async = new RedisAsyncCommandsImpl<>(connection, ByteArrayCodec.INSTANCE);
        this.sync = (RedisCommands<byte[], byte[]>) Proxy.newProxyInstance(loader, new Class<?>[]{RedisCommands.class}, this::invokeSync);
    }

    /**
     * The view over {@code redis}. Its failed commands reach {@code redis}'s listeners (and so
     * {@code TetherMetrics}) like any other caller's.
     */
    public static StatefulRedisConnection<byte[], byte[]> of(SharedRedis redis) {
        return new SharedByteConnection(redis).connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "tether shared connection (byte[] view) to " + redis.settings().redactedUri();
            case "async":
                return async;
            case "sync":
                return sync;
            case "dispatch":
                if (args[0] instanceof Collection<?> commands) {
                    List<RedisCommand<?, ?, ?>> dispatched = new ArrayList<>();
                    for (Object command : commands) {
                        dispatched.add(dispatch((RedisCommand<?, ?, ?>) command));
                    }
                    return dispatched;
                }
                return dispatch((RedisCommand<?, ?, ?>) args[0]);
            case "isOpen":
                return redis.connection().isOpen();
            case "isMulti":
                return false;
            case "getOptions":
                return redis.client().getOptions();
            case "getResources":
                return redis.resources();
            case "getCodec":
                return ByteArrayCodec.INSTANCE;
            case "getTimeout":
                // Spring waits on each future with this timeout (LettuceFutures.awaitOrCancel). tether's own deadline
                // completes the future at the command timeout with a typed outcome; Spring's wait must never win
                // that race with a bare Lettuce timeout, so it gets a margin and stays a backstop only.
                return redis.settings().commandTimeout().plus(SPRING_WAIT_MARGIN);
            case "close":
            case "setTimeout":
            case "flushCommands":
            case "reset":
                return null;
            case "closeAsync":
                return CompletableFuture.completedFuture(null);
            default:
                throw new UnsupportedOperationException(method.getName() + "() is not available on tether's shared connection: "
                        + "it is shared by every thread; Spring Data uses a dedicated connection for transactions, pipelining and pub/sub");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private RedisCommand<?, ?, ?> dispatch(RedisCommand<?, ?, ?> command) {
        RedisAsyncCommands shared = redis.async();
        RedisFuture<Object> result = command.getArgs() == null
                ? shared.dispatch(command.getType(), command.getOutput())
                : shared.dispatch(command.getType(), command.getOutput(), command.getArgs());
        result.whenComplete((value, error) -> {
            if (error == null) {
                if (command instanceof CompletableFuture future) {
                    future.complete(value);
                } else {
                    command.complete();
                }
            } else {
                command.completeExceptionally(translate(unwrap(error)));
            }
        });
        return command;
    }

    private Object invokeSync(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "sync " + connection;
            };
        }
        if (method.getName().equals("getStatefulConnection")) {
            return connection;
        }
        Method asyncMethod = RedisAsyncCommands.class.getMethod(method.getName(), method.getParameterTypes());
        Object result;
        try {
            result = asyncMethod.invoke(async, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (!(result instanceof RedisFuture<?> future)) {
            return result;
        }
        try {
            // tether's futures complete within the command timeout; nothing waits longer.
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    static Throwable translate(Throwable error) {
        if (error instanceof RedisNotSentException) {
            return new RedisConnectionException(error.getMessage(), error);
        }
        if (error instanceof RedisOutcomeUnknownException unknown && unknown.reason() == RedisOutcomeUnknownException.Reason.TIMEOUT) {
            RedisCommandTimeoutException timeout = new RedisCommandTimeoutException(error.getMessage());
            timeout.initCause(error);
            return timeout;
        }
        return error;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
