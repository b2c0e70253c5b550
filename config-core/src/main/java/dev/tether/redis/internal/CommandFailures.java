package dev.tether.redis.internal;

import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * What a caller of one supervised connection's views is told when a command fails: tether's typed
 * exceptions for "not sent" and "outcome unknown", Redis errors unchanged. Telling the supervisor
 * what a failure says about the connection (demand, a stall, a lost node) is part of the job.
 * Thread-safe.
 */
final class CommandFailures {
    private final ConnectionSupervisor supervisor;
    /** {@code host:port}, as messages name the server. */
    private final String target;

    CommandFailures(ConnectionSupervisor supervisor, String target) {
        this.supervisor = supervisor;
        this.target = target;
    }

    RedisNotSentException notSent() {
        return notSent(null);
    }

    private RedisNotSentException notSent(Throwable error) {
        var d = supervisor.diagnosisOf(error);
        return new RedisNotSentException("not sent: the Redis connection to " + target + " is down"
                + (d == null ? "" : " (" + d.code() + ": " + d.message() + ")") + "; nothing was written, retrying is safe");
    }

    /**
     * The command's own timeout passed: {@code STALLED} when the watchdog found its connection stalled
     * meanwhile (the server stopped answering; the connection is being replaced), else {@code TIMEOUT}.
     */
    RedisOutcomeUnknownException timedOut(Duration timeout, Link link) {
        supervisor.replyOverdue();
        if (link != null && link.retiredBecause() == RedisOutcomeUnknownException.Reason.STALLED) {
            return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.STALLED, "no reply from " + target + " within "
                    + timeout.toMillis() + " ms and the server stopped answering (the connection is being replaced); the command may have been applied", null);
        }
        return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.TIMEOUT,
                "no reply from " + target + " within " + timeout.toMillis() + " ms; the command may have been applied", null);
    }

    /** Maps a driver failure to what the caller should know. */
    RuntimeException translate(Throwable error, Link link) {
        if (error instanceof RedisCommandExecutionException e) {
            RuntimeException crossSlot = ClusterCommands.crossSlotReply("a multi-key command", e);
            if (crossSlot != null) {
                return crossSlot;
            }
            String reply = String.valueOf(e.getMessage());
            if (reply.startsWith("CLUSTERDOWN") || reply.startsWith("TRYAGAIN")) {
                // The cluster refused the command before running it: nothing was applied, a retry is safe.
                supervisor.replyOverdue();
                return new RedisNotSentException("not applied: the cluster answered " + reply.split(" ", 2)[0] + " (" + reply
                        + "); nothing was written, retrying is safe once its slots are served again", e);
            }
            if (reply.startsWith("UNBLOCKED")) {
                // The server ended a blocking read without serving it (its primary became a replica in a failover, or
                // CLIENT UNBLOCK ... ERROR): nothing was popped or delivered, a retry is safe.
                supervisor.replyOverdue();
                return new RedisNotSentException("not applied: the server ended the blocking command without serving it (" + reply
                        + "); nothing was popped or delivered, retrying is safe", e);
            }
            return e;
        }
        if (error instanceof io.lettuce.core.cluster.PartitionSelectorException) {
            // Lettuce found no node serving the key's slot, so it sent nothing.
            supervisor.replyOverdue();
            return new RedisNotSentException("not sent: no cluster node serves this key's slot right now (" + error.getMessage()
                    + "); nothing was written, retrying is safe", error);
        }
        if (error instanceof RedisNotSentException || error instanceof RedisOutcomeUnknownException || error instanceof CommandRefusedException) {
            return (RuntimeException) error;
        }
        if (error instanceof io.lettuce.core.RedisCommandTimeoutException) {
            // Lettuce's own timer can win the race with tether's at the same deadline: the same outcome.
            return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.TIMEOUT,
                    "no reply from " + target + " within the command timeout; the command may have been applied", error);
        }
        if (NeverWritten.test(error)) {
            supervisor.demand();
            supervisor.nodeUnavailable(link);
            return new RedisNotSentException(notSent(error).getMessage(), error);
        }
        if (link.retiredBecause() == RedisOutcomeUnknownException.Reason.STALLED && link.closedByTether()) {
            return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.STALLED,
                    "the server at " + target + " stopped answering and the connection was replaced; the command may have been applied", error);
        }
        if (isConnectionLoss(error) || error instanceof java.util.concurrent.CancellationException) {
            supervisor.commandFailed(link, error);
            return new RedisOutcomeUnknownException(RedisOutcomeUnknownException.Reason.CONNECTION_LOST,
                    "the connection to " + target + " was lost before the reply; the command may have been applied", error);
        }
        return error instanceof RuntimeException r ? r : new RedisException(error);
    }

    private static boolean isConnectionLoss(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof IOException || c instanceof ClosedChannelException || m.contains("Connection closed")
                    || m.contains("Connection reset") || m.contains("closed") || c instanceof io.lettuce.core.RedisConnectionException
                    // Lettuce cancels the commands it holds (written or buffered) with this when the channel goes inactive
                    || m.contains("Connection disconnected")) {
                return true;
            }
        }
        return false;
    }

    /** The failure inside a future's {@code CompletionException}/{@code ExecutionException} wrappers. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
