package dev.tether.redis.internal;

import io.lettuce.core.RedisException;

import java.nio.channels.ClosedChannelException;

/**
 * Failures that prove a command's bytes never reached the socket, so it cannot have been applied and
 * "not sent" is the truth (retrying is safe). Lettuce 7.x: {@code DefaultEndpoint.validateWrite}
 * refuses a write on a closed endpoint with {@code RedisException("Connection is closed")} (or
 * "Currently not connected. Commands are rejected." while disconnected), and its write listener
 * completes a command whose channel write failed with the write's {@link ClosedChannelException}.
 * On a cluster, a command whose node connection could not be opened at all fails with that
 * connect's {@code RedisConnectionException("Unable to connect to ...")}: nothing was written either.
 * A command already written fails differently ("Connection closed"/"Connection disconnected" when
 * the channel goes inactive), and stays "outcome unknown".
 */
final class NeverWritten {
    private NeverWritten() {
    }

    static boolean test(Throwable error) {
        if (error instanceof ClosedChannelException) {
            return true;
        }
        if (!(error instanceof RedisException)) {
            return false;
        }
        String m = String.valueOf(error.getMessage());
        if (error instanceof io.lettuce.core.RedisConnectionException && m.startsWith("Unable to connect")) {
            return true;
        }
        return m.equals("Connection is closed") || m.contains("not connected") || m.contains("Commands are rejected");
    }
}
