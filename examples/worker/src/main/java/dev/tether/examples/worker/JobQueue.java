package dev.tether.examples.worker;

import dev.tether.redis.DedicatedConnection;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A job queue on one Redis Stream ({@code name}) with one consumer group ({@value #GROUP}). Results
 * are idempotency records, one key per job id ({@code {name}:result:<id>}, in the stream's cluster slot, {@code SET NX} with a
 * 7-day expiry): the first result recorded for a job wins.
 *
 * <p>Every command here except {@link #read} runs on the shared connection. Methods throw tether's
 * typed exceptions: {@code RedisNotSentException} (not written; safe to retry) and
 * {@code RedisOutcomeUnknownException} (written; may have been applied). Thread-safe.
 */
public final class JobQueue {
    /** The consumer group every worker joins. */
    public static final String GROUP = "workers";
    private static final Duration RESULT_TTL = Duration.ofDays(7);
    private static final int MGET_CHUNK = 500;

    private final SharedRedis redis;
    private final String name;
    private final String resultPrefix;

    public JobQueue(SharedRedis redis, String name) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name;
        int open = name.indexOf('{');
        boolean tagged = open >= 0 && name.indexOf('}', open + 1) > open + 1;
        this.resultPrefix = (tagged ? name : "{" + name + "}") + ":result:";
    }

    /** The stream's key. */
    public String stream() {
        return name;
    }

    /**
     * Creates the stream and the consumer group (from the first entry, so earlier jobs count) unless they
     * exist. Creating it is idempotent, so a call refused as "not sent" or with an unknown outcome (a
     * connection lost at start-up) is simply repeated once the connection is back, for up to
     * {@code within}.
     *
     * @throws RedisNotSentException        the connection was not back within {@code within}
     * @throws RedisOutcomeUnknownException likewise, the last attempt's fate unknown
     */
    public void createGroup(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(name, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
                return;
            } catch (RedisCommandExecutionException e) { // BUSYGROUP: it exists (another process may have created it first)
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
                return;
            } catch (RedisNotSentException | RedisOutcomeUnknownException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                redis.awaitReady(Duration.ofNanos(left));
            }
        }
    }

    /** {@link #createGroup(Duration)} for up to 10 seconds. */
    public void createGroup() {
        createGroup(Duration.ofSeconds(10));
    }

    /**
     * Adds a job with one {@code XADD}; returns the stream entry id.
     *
     * @throws RedisNotSentException         nothing was added
     * @throws RedisOutcomeUnknownException  it may have been added
     */
    public String submit(Job job) {
        return redis.sync().xadd(name, Map.of("id", job.id(), "payload", job.payload()));
    }

    /**
     * Adds a job, retrying for up to {@code retryFor} when the outcome is {@code not sent} or
     * {@code unknown}. A retry after an unknown outcome may add the job twice; that is harmless,
     * because the job id, not the entry, is processed once.
     *
     * @throws RedisNotSentException        when it was never added within {@code retryFor}
     * @throws RedisOutcomeUnknownException when the last attempt's outcome is unknown
     */
    public String submit(Job job, Duration retryFor) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        while (true) {
            try {
                return submit(job);
            } catch (RedisNotSentException | RedisOutcomeUnknownException e) {
                if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** The recorded result of a job, if it was processed. */
    public Optional<String> result(String jobId) {
        return Optional.ofNullable(redis.sync().get(resultKey(jobId)));
    }

    /** The ids among {@code jobIds} that have no recorded result yet. */
    public Set<String> unfinished(Collection<String> jobIds) {
        Set<String> missing = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>(jobIds);
        for (int from = 0; from < ids.size(); from += MGET_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MGET_CHUNK));
            List<KeyValue<String, String>> values = redis.sync().mget(chunk.stream().map(this::resultKey).toArray(String[]::new));
            for (int i = 0; i < chunk.size(); i++) {
                if (!values.get(i).hasValue()) {
                    missing.add(chunk.get(i));
                }
            }
        }
        return missing;
    }

    /** How many delivered jobs are not acknowledged yet ({@code XPENDING}). */
    public long pendingCount() {
        Long count = redis.sync().xpending(name, GROUP).getCount();
        return count == null ? 0 : count;
    }

    /**
     * A blocking {@code XREADGROUP} of new jobs on {@code connection}. Waits for the reply for at most
     * {@code maxWait} (a stalled peer would otherwise hold the thread forever).
     *
     * @throws TimeoutException when no reply came within {@code maxWait}: replace the connection
     */
    List<StreamMessage<String, String>> read(DedicatedConnection connection, String consumer, int count, Duration block, Duration maxWait)
            throws TimeoutException, InterruptedException {
        try {
            return connection.async().xreadgroup(Consumer.from(GROUP, consumer), XReadArgs.Builder.block(block).count(count),
                    XReadArgs.StreamOffset.lastConsumed(name)).get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** One {@code XAUTOCLAIM} step: jobs idle for at least {@code minIdle} move to {@code consumer}. */
    ClaimedMessages<String, String> reclaim(String consumer, Duration minIdle, String cursor, int count) {
        return redis.sync().xautoclaim(name, new XAutoClaimArgs<String>().consumer(Consumer.from(GROUP, consumer))
                .minIdleTime(minIdle).startId(cursor).count(count));
    }

    /** Records a job's result unless one exists; true if this call recorded it. */
    boolean recordResult(String jobId, String result) {
        return "OK".equals(redis.sync().set(resultKey(jobId), result, SetArgs.Builder.nx().ex(RESULT_TTL)));
    }

    /** {@code XACK}; true if the entry was pending and is now acknowledged. */
    boolean ack(String entryId) {
        return redis.sync().xack(name, GROUP, entryId) == 1L;
    }

    /**
     * {@code {name}:result:<id>}. The hash tag {@code {name}} makes every result key hash to the
     * stream's own slot (a tag is all Redis Cluster hashes, and the tag {@code {jobs}} hashes like
     * the key {@code jobs}): {@link #unfinished} reads many results with one {@code MGET}, which a
     * cluster runs only when all its keys are in one slot (tether refuses it before sending
     * otherwise). On one server the braces are just characters. A name that carries its own tag
     * ({@code {tenant-7}.jobs}) keeps it.
     */
    private String resultKey(String jobId) {
        return resultPrefix + jobId;
    }
}
