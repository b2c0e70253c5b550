package dev.tether.doctor.internal;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** A point in time a step must finish by. Immutable. */
record Deadline(long nanos) {

    static Deadline after(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    long remainingMillis() {
        return Math.max(0, (nanos - System.nanoTime()) / 1_000_000);
    }

    /** Remaining millis for a socket timeout (never 0, which would mean "forever"). */
    int socketTimeout() throws SocketTimeoutException {
        long left = remainingMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
