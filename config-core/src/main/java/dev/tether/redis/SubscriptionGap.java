package dev.tether.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A pub/sub connection was down from {@code lostAt} until it was subscribed again at
 * {@code resubscribedAt}: messages published to these channels and patterns in between were not
 * delivered and will not be (Redis pub/sub keeps nothing). Use a stream where a gap is not
 * acceptable. Immutable.
 */
public record SubscriptionGap(Instant lostAt, Instant resubscribedAt, Set<String> channels, Set<String> patterns) {
    public SubscriptionGap {
        channels = Set.copyOf(channels);
        patterns = Set.copyOf(patterns);
    }

    /** How long messages may have been missed. */
    public Duration duration() {
        return Duration.between(lostAt, resubscribedAt);
    }
}
