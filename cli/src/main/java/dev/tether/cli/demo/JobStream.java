package dev.tether.cli.demo;

import dev.tether.redis.SharedRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's jobs in Redis: one stream ({@code key}) read by one consumer group, and one hash of
 * results by job id ({@code key:results}, written with {@code HSETNX}, so a job added or run twice
 * has one result). The demo's Redis lives as long as the demo, so nothing expires. Every command
 * runs on the shared connection and throws tether's typed exceptions. Thread-safe.
 */
final class JobStream {
    static final String GROUP = "demo-workers";

    private final SharedRedis redis;
    private final String key;
    private final String results;

    JobStream(SharedRedis redis, String key) {
        this.redis = redis;
        this.key = key;
        this.results = key + ":results";
    }

    /** Creates the stream and the group, reading from its first entry (the demo's Redis starts empty). */
    void createGroup() {
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
    }

    /** {@code XADD} of one job. */
    void add(String jobId, String payload) {
        redis.sync().xadd(key, Map.of("id", jobId, "payload", payload));
    }

    /** Up to {@code count} new entries for {@code consumer}; does not block when there are none. */
    List<StreamMessage<String, String>> read(String consumer, int count) {
        return redis.sync().xreadgroup(Consumer.from(GROUP, consumer), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(key));
    }

    /** One {@code XAUTOCLAIM} step: entries pending for at least {@code minIdle} move to {@code consumer}. */
    ClaimedMessages<String, String> reclaim(String consumer, Duration minIdle, String cursor, int count) {
        return redis.sync().xautoclaim(key, new XAutoClaimArgs<String>().consumer(Consumer.from(GROUP, consumer))
                .minIdleTime(minIdle).startId(cursor).count(count));
    }

    boolean hasResult(String jobId) {
        return redis.sync().hexists(results, jobId);
    }

    void recordResult(String jobId, String result) {
        redis.sync().hsetnx(results, jobId, result);
    }

    void ack(String entryId) {
        redis.sync().xack(key, GROUP, entryId);
    }

    /** Entries delivered and not yet acknowledged ({@code XPENDING}). */
    long pending() {
        Long count = redis.sync().xpending(key, GROUP).getCount();
        return count == null ? 0 : count;
    }

    /** The ids among {@code jobIds} that have no result yet. */
    Set<String> unfinished(Collection<String> jobIds) {
        Set<String> missing = new LinkedHashSet<>(jobIds);
        missing.removeAll(new HashSet<>(redis.sync().hkeys(results)));
        return missing;
    }
}
