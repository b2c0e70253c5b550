package dev.tether.redis;

import java.util.List;
import java.util.Objects;

/**
 * How a transaction ended. {@link #aborted()} means a watched key changed and nothing was applied:
 * run it again (or use {@link SharedRedis#transaction(int, TransactionBody)}). Otherwise
 * {@link #results()} holds {@code EXEC}'s replies in the order the commands were queued (a command
 * that failed inside the transaction appears as its {@link io.lettuce.core.RedisCommandExecutionException}),
 * empty when the body never called {@link Transaction#multi()}. Immutable.
 *
 * @param aborted  a watched key changed; nothing was applied
 * @param results  EXEC's replies; empty when aborted or when nothing was queued
 * @param value    what the body returned (from the last attempt)
 * @param attempts how many times the body ran
 */
public record TransactionOutcome<T>(boolean aborted, List<Object> results, T value, int attempts) {
    public TransactionOutcome {
        // a reply may be null (GET of a missing key): an unmodifiable copy that keeps nulls
        results = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(Objects.requireNonNull(results, "results")));
    }

    /** The transaction ran: not aborted. */
    public boolean committed() {
        return !aborted;
    }
}
