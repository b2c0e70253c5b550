package dev.tether.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Subscriptions were down from {@code lostAt} until they were subscribed again at
 * {@code resubscribedAt}: messages published to these channels, patterns and shard channels in
 * between were not delivered and will not be (Redis pub/sub keeps nothing). Use a stream where a
 * gap is not acceptable. On a cluster a shard channel's gap (its node died, or its slot moved)
 * names only the shard channels it affected. Immutable.
 */
public record SubscriptionGap(Instant lostAt, Instant resubscribedAt, Set<String> channels, Set<String> patterns,
                              Set<String> shardChannels) {
    public SubscriptionGap {
        channels = Set.copyOf(channels);
        patterns = Set.copyOf(patterns);
        shardChannels = Set.copyOf(shardChannels);
    }

    /** A gap of classic subscriptions only (no shard channels). */
    public SubscriptionGap(Instant lostAt, Instant resubscribedAt, Set<String> channels, Set<String> patterns) {
        this(lostAt, resubscribedAt, channels, patterns, Set.of());
    }

    /** How long messages may have been missed. */
    public Duration duration() {
        return Duration.between(lostAt, resubscribedAt);
    }
}
