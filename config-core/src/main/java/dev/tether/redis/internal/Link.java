package dev.tether.redis.internal;

import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

import java.time.Duration;

/**
 * One physical connection and what tether knows about it. Replaced, never reused, after a loss.
 * On a cluster it is Lettuce's cluster connection (one connection per node underneath, each
 * reconnected by Lettuce without replay: see {@link ClusterConnector}).
 *
 * <p>The command path's contract with the supervisor: before writing a command, call
 * {@link #track(Duration)} with the command's OWN timeout (a per-call override when the caller gave
 * one, else the connection's command timeout; {@code null} for no limit) and call
 * {@link CommandTracker.TrackedCommand#finished(Throwable)} when it completes. The stall watchdog
 * never replaces a connection whose oldest waiting command is still inside its own timeout.
 */
final class Link {
    final StatefulConnection<String, String> connection;
    /** The async commands: {@code RedisAsyncCommands} or, on a cluster, {@code RedisAdvancedClusterAsyncCommands}. */
    final Object async;
    final CommandTracker tracker;
    final long connectedNanos;
    private final ClusterCommands cluster;
    private volatile RedisOutcomeUnknownException.Reason retiredBecause;
    private volatile Throwable lastError;
    private volatile boolean closedByTether;

    Link(StatefulConnection<String, String> connection, long nowNanos, CommandTracker.ReplyObserver replies) {
        this.connection = connection;
        if (connection instanceof StatefulRedisClusterConnection<String, String> c) {
            this.async = c.async();
            this.cluster = new ClusterCommands(c);
        } else {
            this.async = ((StatefulRedisConnection<String, String>) connection).async();
            this.cluster = null;
        }
        this.tracker = new CommandTracker(nowNanos, replies);
        this.connectedNanos = nowNanos;
    }

    /** The cluster's view of commands (slot rule, method mapping), or {@code null} on a single server. */
    ClusterCommands cluster() {
        return cluster;
    }

    /** The standalone (or Sentinel-chosen primary) connection; {@code null} on a cluster. */
    StatefulRedisConnection<String, String> single() {
        return cluster == null ? (StatefulRedisConnection<String, String>) connection : null;
    }

    boolean isMulti() {
        return cluster == null && single().isMulti();
    }

    Object sync() {
        return cluster == null ? single().sync() : cluster.connection().sync();
    }

    Object reactive() {
        return cluster == null ? single().reactive() : cluster.connection().reactive();
    }

    /** PING (the watchdog's probe and idle ping). */
    io.lettuce.core.RedisFuture<String> ping() {
        return cluster == null ? single().async().ping() : cluster.connection().async().ping();
    }

    /** Registers a command about to be written with its own timeout ({@code null}: no limit). */
    CommandTracker.TrackedCommand track(Duration timeout) {
        return tracker.dispatched(System.nanoTime(), timeout == null ? 0 : timeout.toNanos());
    }

    boolean usable() {
        // A cluster connection stays usable while one node (even the one it first met) reconnects:
        // only tether retires it. A single connection is usable while its channel is open.
        return retiredBecause == null && (cluster != null || connection.isOpen());
    }

    /** Marks the link as closed by tether, with the reason in-flight commands will report. */
    void retire(RedisOutcomeUnknownException.Reason reason) {
        if (retiredBecause == null) {
            retiredBecause = reason;
        }
    }

    RedisOutcomeUnknownException.Reason retiredBecause() {
        return retiredBecause;
    }

    /** Closes the connection on tether's own decision: commands still on it were cut off by tether, not by the peer. */
    void closeByTether() {
        closedByTether = true;
        connection.closeAsync();
    }

    boolean closedByTether() {
        return closedByTether;
    }

    void recordError(Throwable error) {
        lastError = error;
    }

    Throwable lastError() {
        return lastError;
    }
}
