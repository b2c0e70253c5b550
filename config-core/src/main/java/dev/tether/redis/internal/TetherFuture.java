package dev.tether.redis.internal;

import io.lettuce.core.RedisFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link RedisFuture} completed by tether with its own typed exceptions. */
final class TetherFuture<T> extends CompletableFuture<T> implements RedisFuture<T> {

    @Override
    public String getError() {
        if (!isCompletedExceptionally()) {
            return null;
        }
        try {
            join();
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getMessage();
        }
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            get(timeout, unit);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new TetherFuture<>();
    }
}
