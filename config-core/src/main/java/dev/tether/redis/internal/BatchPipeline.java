package dev.tether.redis.internal;

import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Pipelining on a connection of its own whose auto-flush is off: a batch body queues commands, and
 * they are written in one flush when it returns. Other threads' commands on the shared connection
 * keep flushing as usual; concurrent batches share this connection (a flush writes whatever is
 * buffered, which only ever sends a batch early). Thread-safe.
 */
public final class BatchPipeline {
    private final CommandFacade facade;
    private final Duration timeout;
    private final RedisAsyncCommands<String, String> recording;
    private final ThreadLocal<List<RedisFuture<?>>> recorded = new ThreadLocal<>();

    /** @param facade a {@link ConnectionRole#PIPELINE} facade (auto-flush off) */
    @SuppressWarnings("unchecked")
    public BatchPipeline(CommandFacade facade, Duration timeout) {
        this.facade = facade;
        this.timeout = timeout;
        RedisAsyncCommands<String, String> async = facade.async();
        // one recording view for all batches: each thread's batch collects its futures in its own list
        this.recording = (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(BatchPipeline.class.getClassLoader(),
                new Class<?>[]{RedisAsyncCommands.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(async, args);
                    }
                    if (method.getName().equals("flushCommands")) {
                        flushLive();
                        return null;
                    }
                    Object result;
                    try {
                        result = method.invoke(async, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    List<RedisFuture<?>> futures = recorded.get();
                    if (result instanceof RedisFuture<?> f && futures != null) {
                        futures.add(f);
                    }
                    return result;
                });
    }

    /**
     * Runs {@code batch}, flushes, and waits (at most the command timeout after the flush) for every
     * reply. A Redis error reply is returned in its place as the {@link RedisCommandExecutionException};
     * a connection failure is thrown ({@link RedisNotSentException}, {@link RedisOutcomeUnknownException})
     * after every command of the batch has finished. {@link RedisNotSentException} only when no command of the
     * batch was written: when some were (answered, or without a reply) and others not, as when a batch spans the
     * nodes of a cluster and one node's connection is down, the batch was applied in part, and that is
     * {@link RedisOutcomeUnknownException} naming the commands never sent.
     */
    public List<Object> run(Consumer<RedisAsyncCommands<String, String>> batch) {
        List<RedisFuture<?>> futures = new ArrayList<>();
        List<RedisFuture<?>> outer = recorded.get();
        recorded.set(futures);
        try {
            batch.accept(recording);
        } finally {
            recorded.set(outer);
            flushLive();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!futures.isEmpty()) {
            // replies come in order: once the last is in, the others are too, so one wait instead of one per command
            try {
                futures.get(futures.size() - 1).await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.lettuce.core.RedisCommandInterruptedException(e);
            }
        }
        List<Object> results = new ArrayList<>(futures.size());
        RuntimeException failure = null;
        RedisNotSentException notSent = null;
        List<Integer> neverSent = new ArrayList<>();
        for (RedisFuture<?> f : futures) {
            try {
                results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                Throwable cause = CommandFailures.unwrap(e.getCause());
                if (cause instanceof RedisCommandExecutionException reply) {
                    results.add(reply);
                } else if (cause instanceof RedisNotSentException n) {
                    neverSent.add(results.size());
                    notSent = notSent == null ? n : notSent;
                    results.add(null);
                } else {
                    failure = failure == null ? cause instanceof RuntimeException r ? r : new IllegalStateException(cause) : failure;
                    results.add(null);
                }
            } catch (TimeoutException e) {
                if (failure == null) {
                    failure = facade.failures().timedOut(timeout, null);
                }
                results.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.lettuce.core.RedisCommandInterruptedException(e);
            }
        }
        if (failure != null) {
            throw failure;   // a command without a reply: the batch's outcome is unknown, whatever else was not sent
        }
        if (notSent != null && neverSent.size() < results.size()) {
            throw new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.CONNECTION_LOST, "the pipelined batch was written "
                    + "in part: " + (results.size() - neverSent.size()) + " of its " + results.size() + " commands were sent and answered, "
                    + "the commands at " + neverSent + " (0-based) were never sent (" + notSent.getMessage() + "); the batch may have been "
                    + "applied in part: retry only the commands never sent, or the whole batch if it is idempotent", notSent);
        }
        if (notSent != null) {
            throw notSent;
        }
        return results;
    }

    private void flushLive() {
        Link link = facade.supervisor().link();
        if (link != null) {
            facade.flush(link);
        }
    }
}
