package dev.tether.redis.internal;

import dev.tether.diagnosis.Diagnosis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the next reconnect attempt runs. Capped exponential backoff with equal jitter (each delay is
 * between half and all of the exponential step), so the attempt rate has a ceiling whatever the
 * traffic: demand (a command or a readiness waiter arriving while disconnected) may only bring the
 * FIRST retry of an outage forward, and never one after a failure that an immediate retry would
 * only repeat. Failures that say "wait" ({@code MAX_CLIENTS}, {@code LOADING}, {@code OOM},
 * {@code BUSY}) back off harder: from {@link #WAIT_MIN} up to {@link #WAIT_CAP}.
 *
 * <p>Budget per connection, defaults (10 ms .. 2 s): about 8 attempts in the first 2 s of an outage,
 * then one every 1-2 s, at most 60 a minute; after "wait" failures one every 5-10 s, at most 12 a
 * minute. Immutable and thread-safe.
 */
final class ReconnectPacer {
    /** First delay after a failure that says "wait". */
    static final Duration WAIT_MIN = Duration.ofMillis(250);
    /** Delay cap after failures that say "wait". */
    static final Duration WAIT_CAP = Duration.ofSeconds(10);

    private final long minNanos;
    private final long capNanos;

    ReconnectPacer(Duration min, Duration cap) {
        this.minNanos = min.toNanos();
        this.capNanos = cap.toNanos();
    }

    /**
     * The delay before attempt {@code failures + 1} of an outage, after {@code failures} failed ones
     * ({@code failures} 0: the first retry after a loss), {@code cause} the last failure or {@code null}.
     */
    long delayNanos(int failures, Diagnosis cause) {
        boolean wait = saysWait(cause);
        long min = wait ? Math.max(minNanos, WAIT_MIN.toNanos()) : minNanos;
        long cap = wait ? Math.max(capNanos, WAIT_CAP.toNanos()) : capNanos;
        int step = Math.max(0, failures - 1);
        long exp = step >= 40 ? cap : Math.min(cap, min << Math.min(step, 40));
        exp = Math.max(exp, min);
        long half = exp / 2;
        return half + ThreadLocalRandom.current().nextLong(exp - half + 1);
    }

    /** Whether demand may bring an attempt forward: only the first retry of an outage, and not after a failure a retry would repeat. */
    static boolean demandMayShorten(boolean demandSpent, Diagnosis cause) {
        return !demandSpent && !failsTheSameWayAgain(cause) && !saysWait(cause);
    }

    /** The server is up but asks clients to come back later. */
    static boolean saysWait(Diagnosis cause) {
        if (cause == null) {
            return false;
        }
        return switch (cause.code()) {
            case MAX_CLIENTS, SERVER_LOADING -> true;
            default -> {
                String m = cause.message();
                yield m != null && (m.contains("OOM ") || m.contains("BUSY ") || m.contains("LOADING "));
            }
        };
    }

    /** Failures that another attempt right away would only repeat (wrong CA, wrong password, not Redis, no such host). */
    static boolean failsTheSameWayAgain(Diagnosis cause) {
        if (cause == null) {
            return false;
        }
        return switch (cause.code()) {
            case TLS_UNTRUSTED, TLS_HOSTNAME_MISMATCH, TLS_FAILED, AUTH_REQUIRED, AUTH_FAILED,
                 ACL_DENIED, NOT_REDIS, DNS_UNRESOLVABLE -> true;
            default -> false;
        };
    }
}
