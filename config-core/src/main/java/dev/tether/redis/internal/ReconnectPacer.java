package dev.tether.redis.internal;

import dev.tether.diagnosis.Diagnosis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the next reconnect attempt runs. Two regimes, both independent of traffic:
 * <ul>
 * <li><b>Unreached</b>: while the last failure happened below Redis (connection refused, reset or
 *     closed before any reply, TCP connect timeout) and the outage is younger than
 *     {@link #FAST_WINDOW}, attempts run every {@link #FAST_STEP} (equal jitter: 20-40 ms). Such an
 *     attempt costs the server nothing (its kernel or a proxy answers it), and short faults
 *     (a reset, a restart, a failover behind a proxy) are recovered from within tens of milliseconds
 *     of their end instead of within the backoff.</li>
 * <li><b>Backoff</b>: otherwise, capped exponential backoff with equal jitter (each delay between
 *     half and all of the exponential step). Failures that say "wait" ({@code MAX_CLIENTS},
 *     {@code LOADING}, {@code OOM}, {@code BUSY}) back off harder: from {@link #WAIT_MIN} up to
 *     {@link #WAIT_CAP}.</li>
 * </ul>
 * Demand (a command or a readiness waiter arriving while disconnected) may only bring the FIRST retry
 * of an outage forward, and never one after a failure that an immediate retry would only repeat.
 *
 * <p>Budget per connection, defaults (10 ms .. 2 s): at most 250 attempts in the first 5 s of an
 * outage in which Redis is not reached, then one every 1-2 s, at most 60 a minute; about 8 attempts
 * in the first 2 s when Redis answers with an error; after "wait" failures one every 5-10 s, at most
 * 12 a minute. Immutable and thread-safe.
 */
final class ReconnectPacer {
    /** First delay after a failure that says "wait". */
    static final Duration WAIT_MIN = Duration.ofMillis(250);
    /** Delay cap after failures that say "wait". */
    static final Duration WAIT_CAP = Duration.ofSeconds(10);

    /** How long into an outage unreached attempts keep the short step. */
    static final Duration FAST_WINDOW = Duration.ofSeconds(5);
    /** The step between unreached attempts inside {@link #FAST_WINDOW} (each delay is 50-100 % of it). */
    static final Duration FAST_STEP = Duration.ofMillis(40);

    private final long minNanos;
    private final long capNanos;

    ReconnectPacer(Duration min, Duration cap) {
        this.minNanos = min.toNanos();
        this.capNanos = cap.toNanos();
    }

    /**
     * The delay before attempt {@code failures + 1} of an outage, after {@code failures} failed ones
     * ({@code failures} 0: the first retry after a loss), {@code cause} the last failure or {@code null},
     * {@code outageAgeNanos} the time since the outage (or the bootstrap) began.
     */
    long delayNanos(int failures, Diagnosis cause, long outageAgeNanos) {
        if (unreached(cause) && outageAgeNanos < FAST_WINDOW.toNanos() && minNanos <= FAST_STEP.toNanos()) {
            return jitter(FAST_STEP.toNanos());
        }
        boolean wait = saysWait(cause);
        long min = wait ? Math.max(minNanos, WAIT_MIN.toNanos()) : minNanos;
        long cap = wait ? Math.max(capNanos, WAIT_CAP.toNanos()) : capNanos;
        int step = Math.max(0, failures - 1);
        long exp = step >= 40 ? cap : Math.min(cap, min << Math.min(step, 40));
        return jitter(Math.max(exp, min));
    }

    /** Equal jitter: between half and all of {@code step}. */
    private static long jitter(long step) {
        long half = step / 2;
        return half + ThreadLocalRandom.current().nextLong(step - half + 1);
    }

    /**
     * The attempt failed below Redis: nothing answered in the protocol (refused, reset or closed before
     * a reply, TCP connect timeout). Not a TLS or authentication failure, nor a server asking to wait.
     */
    static boolean unreached(Diagnosis cause) {
        if (cause == null) {
            return false;
        }
        return switch (cause.code()) {
            case TCP_REFUSED, TCP_TIMEOUT, CONNECTION_RESET, CONNECTION_CLOSED -> true;
            default -> false;
        };
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
