package dev.tether.redis.internal;

import dev.tether.redis.Transaction;
import dev.tether.redis.TransactionOutcome;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of a transaction body on a dedicated connection: the body's views refuse
 * MULTI/EXEC/DISCARD, tether sends them. Not thread-safe (one body, one thread).
 */
public final class DedicatedTransaction implements Transaction {
    private final CommandFacade control;
    private final CommandFacade view;
    private boolean watching;
    private boolean queuing;

    public DedicatedTransaction(CommandFacade dedicated) {
        this.control = dedicated;
        this.view = dedicated.as(ConnectionRole.TRANSACTION);
    }

    @Override
    public void watch(String... keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.length == 0) {
            throw new IllegalArgumentException("watch needs at least one key");
        }
        if (queuing) {
            throw new IllegalStateException("WATCH after multi() has no effect in Redis; watch keys before multi()");
        }
        control.sync().watch(keys);
        watching = true;
    }

    @Override
    public void multi() {
        if (queuing) {
            throw new IllegalStateException("multi() was already called");
        }
        control.sync().multi();
        queuing = true;
    }

    @Override
    public boolean queuing() {
        return queuing;
    }

    @Override
    public RedisCommands<String, String> sync() {
        return view.sync();
    }

    @Override
    public RedisAsyncCommands<String, String> async() {
        return view.async();
    }

    /** After the body returned: EXEC what was queued (or UNWATCH when nothing was). */
    public <T> TransactionOutcome<T> finish(T value, int attempt) {
        if (!queuing) {
            if (watching) {
                control.sync().unwatch();
            }
            return new TransactionOutcome<>(false, List.of(), value, attempt);
        }
        TransactionResult result = control.sync().exec();
        if (result.wasDiscarded()) {
            return new TransactionOutcome<>(true, List.of(), value, attempt);
        }
        List<Object> replies = new ArrayList<>(result.size());
        result.forEach(replies::add);
        return new TransactionOutcome<>(false, replies, value, attempt);
    }

    /** After the body threw: DISCARD (or UNWATCH); true when the connection is clean again. */
    public boolean abandon() {
        try {
            if (queuing) {
                control.sync().discard();
            } else if (watching) {
                control.sync().unwatch();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
