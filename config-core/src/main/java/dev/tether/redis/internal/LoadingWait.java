package dev.tether.redis.internal;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A server restarted with a large dataset accepts connections while it loads, and serves the
 * handshake ({@code HELLO}, {@code AUTH}, {@code CLIENT SETNAME} are allowed while loading) but
 * answers every other command {@code -LOADING}. So before a fresh connection to one server is
 * declared connected, it is asked {@code PING}: {@code PONG} (or any other reply) and it is ready;
 * {@code LOADING} and it is asked again every {@link #POLL} until it answers, for at most
 * {@code bound} (the command timeout). Past that the connection is closed and the attempt fails with
 * the {@code LOADING} error (classified {@code SERVER_LOADING}: the pacer's "wait" backoff, then a
 * new attempt that waits again). Meanwhile the supervisor is disconnected: commands fail "not
 * sent". A cluster connection is left as it is (its node connections are Lettuce's).
 */
final class LoadingWait {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    /** How often a loading server is asked again. */
    static final Duration POLL = Duration.ofMillis(100);

    private final ConnectionSupervisor supervisor;
    private final Duration bound;
    private final String name;

    LoadingWait(ConnectionSupervisor supervisor, Duration bound, String name) {
        this.supervisor = supervisor;
        this.bound = bound;
        this.name = name;
    }

    /** Completes with {@code connection} once its server answers a command; fails (the connection closed) when it did not within the bound. */
    CompletableFuture<StatefulConnection<String, String>> ready(StatefulConnection<String, String> connection) {
        if (!(connection instanceof StatefulRedisConnection<String, String> single)) {
            return CompletableFuture.completedFuture(connection);
        }
        Wait wait = new Wait(single);
        wait.deadline = supervisor.after(wait::expired, bound.toNanos());
        wait.ping();
        return wait.result;
    }

    private final class Wait {
        final StatefulRedisConnection<String, String> connection;
        final CompletableFuture<StatefulConnection<String, String>> result = new CompletableFuture<>();
        volatile Timeout deadline;
        volatile RedisLoadingException loading;

        Wait(StatefulRedisConnection<String, String> connection) {
            this.connection = connection;
        }

        void ping() {
            if (result.isDone()) {
                return;
            }
            if (supervisor.closed()) {
                fail(new IllegalStateException("closed while waiting for the server to load its dataset"));
                return;
            }
            connection.async().ping().whenComplete((pong, error) -> {
                if (error instanceof RedisLoadingException l) {
                    if (loading == null) {
                        LOG.debug("{}: the server is loading its dataset; waiting up to {} ms before the connection counts as up", name,
                                bound.toMillis());
                    }
                    loading = l;
                    if (supervisor.schedule(this::ping, POLL.toNanos(), 0) == null) {
                        fail(l);
                    }
                } else if (result.complete(connection)) {
                    // PONG, or another reply (an ACL without PING): not loading, the usual path handles the rest
                    cancelDeadline();
                }
            });
        }

        void expired() {
            fail(loading != null ? loading : new RedisCommandTimeoutException(
                    "the server did not answer PING within " + bound.toMillis() + " ms after connecting"));
        }

        void fail(Throwable why) {
            if (result.completeExceptionally(why)) {
                cancelDeadline();
                connection.closeAsync();
            }
        }

        void cancelDeadline() {
            Timeout d = deadline;
            if (d != null) {
                d.cancel();
            }
        }
    }
}
