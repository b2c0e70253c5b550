package dev.tether.redis;

/**
 * What a transaction does: watch, read, then {@link Transaction#multi()} and queue writes. Returns
 * a value of the caller's choosing (or {@code null}). May run more than once when retried after a
 * {@code WATCH} abort, so it must not have side effects outside Redis.
 */
@FunctionalInterface
public interface TransactionBody<T> {
    T run(Transaction tx);
}
