package dev.tether.chaos.workload;

import dev.tether.redis.PubSubConnection;
import dev.tether.redis.SharedRedis;
import dev.tether.redis.SubscriptionGap;
import io.lettuce.core.pubsub.RedisPubSubAdapter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The pub/sub part of a workload: a subscriber on tether's supervised pub/sub connection, a publisher on the shared
 * connection, and the checks: every message heard once, on its channel, and published by us; after recovery a new
 * message is heard (resubscribed); the gaps the connection reported. Thread-safe.
 */
final class ChannelCheck {
    private final String channel;
    private final Consumer<String> misdelivered;
    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final List<SubscriptionGap> gaps = new CopyOnWriteArrayList<>();

    /** @param misdelivered told what went to the wrong place (a message on another channel, twice, never published) */
    ChannelCheck(String channel, Consumer<String> misdelivered) {
        this.channel = channel;
        this.misdelivered = misdelivered;
    }

    /** Opens the subscriber (retried as {@link MixedWorkload#opened}) and subscribes; the caller closes it. */
    PubSubConnection subscribe(SharedRedis redis) {
        PubSubConnection pubSub = MixedWorkload.opened(redis::pubSub);
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String on, String message) {
                if (!channel.equals(on) || !message.startsWith("m:")) {
                    misdelivered.accept("message " + message + " on " + on);
                } else if (!received.add(message)) {
                    misdelivered.accept("message " + message + " delivered twice");
                }
            }
        });
        pubSub.onGap(gaps::add);
        pubSub.subscribe(channel);
        return pubSub;
    }

    /** One publish on the shared connection; a message not refused "not sent" may arrive. */
    void publish(SharedRedis redis, CallLedger ledger, Duration timeout, long seq) {
        String message = "m:" + seq;
        var r = ledger.call("publisher", timeout, () -> redis.sync().publish(channel, message));
        if (r.outcome() != CallLedger.Outcome.NOT_SENT) {
            published.add(message);
        }
    }

    /** After recovery: publishes probes until one is heard, at most until {@code deadlineNanos}; whether one was. */
    boolean resubscribed(SharedRedis redis, long deadlineNanos) {
        boolean heard = false;
        // a new message per attempt: an earlier probe may still arrive after the next was sent
        for (int attempt = 0; !heard && System.nanoTime() < deadlineNanos; attempt++) {
            String probe = "m:probe:" + attempt;
            try {
                published.add(probe);
                redis.sync().publish(channel, probe);
            } catch (RuntimeException e) {
                // down still: try again
            }
            long settle = Math.min(deadlineNanos, System.nanoTime() + Duration.ofMillis(500).toNanos());
            while (!heard && System.nanoTime() < settle) {
                heard = published.stream().anyMatch(p -> p.startsWith("m:probe:") && received.contains(p)) || !MixedWorkload.sleep(10);
            }
        }
        return heard;
    }

    /** Reports every message heard that nobody published. */
    void checkHeardWerePublished() {
        for (String m : received) {
            if (!published.contains(m)) {
                misdelivered.accept("message " + m + " was never published");
            }
        }
    }

    int gapsReported() {
        return gaps.size();
    }
}
