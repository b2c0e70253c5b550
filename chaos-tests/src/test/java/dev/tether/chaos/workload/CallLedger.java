package dev.tether.chaos.workload;

import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisOutcomeUnknownException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts how every call of the mixed workload ended, per actor: ok, not sent, outcome unknown,
 * other errors; calls that failed with TIMEOUT or STALLED before their own timeout; and calls still
 * running (for the hung check). Thread-safe.
 */
public final class CallLedger {
    /** What one actor's calls came to. */
    public static final class Counts {
        final LongAdder ok = new LongAdder();
        final LongAdder notSent = new LongAdder();
        final LongAdder unknown = new LongAdder();
        final LongAdder otherErrors = new LongAdder();
        final LongAdder failedBeforeOwnTimeout = new LongAdder();
        final Map<String, LongAdder> errorTypes = new ConcurrentHashMap<>();

        public long ok() {
            return ok.sum();
        }

        public long notSent() {
            return notSent.sum();
        }

        public long unknown() {
            return unknown.sum();
        }

        public long otherErrors() {
            return otherErrors.sum();
        }

        public long failedBeforeOwnTimeout() {
            return failedBeforeOwnTimeout.sum();
        }

        public Map<String, Long> errorTypes() {
            Map<String, Long> m = new java.util.TreeMap<>();
            errorTypes.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }

    /** How a call ended, for the actor's own bookkeeping. */
    public enum Outcome { OK, NOT_SENT, UNKNOWN, ERROR }

    /** The result of one call: its outcome and, when OK, its value. */
    public record Result<T>(Outcome outcome, T value, Throwable error) {
        public boolean ok() {
            return outcome == Outcome.OK;
        }
    }

    private final Map<String, Counts> byActor = new ConcurrentHashMap<>();
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * Runs one call. {@code ownTimeout} is the longest the caller was promised to wait before a
     * TIMEOUT/STALLED failure ({@code null}: no such promise, e.g. a read that blocks until close).
     */
    public <T> Result<T> call(String actor, Duration ownTimeout, Supplier<T> call) {
        Counts c = byActor.computeIfAbsent(actor, a -> new Counts());
        long id = ids.incrementAndGet();
        long start = System.nanoTime();
        inFlight.put(id, start);
        try {
            T value = call.get();
            c.ok.increment();
            return new Result<>(Outcome.OK, value, null);
        } catch (RedisNotSentException e) {
            c.notSent.increment();
            count(c, e);
            return new Result<>(Outcome.NOT_SENT, null, e);
        } catch (RedisOutcomeUnknownException e) {
            c.unknown.increment();
            count(c, e);
            boolean timing = e.reason() == RedisOutcomeUnknownException.Reason.TIMEOUT || e.reason() == RedisOutcomeUnknownException.Reason.STALLED;
            // 20 ms of slack for timer granularity
            if (timing && ownTimeout != null && System.nanoTime() - start < ownTimeout.toNanos() - 20_000_000L) {
                c.failedBeforeOwnTimeout.increment();
            }
            return new Result<>(Outcome.UNKNOWN, null, e);
        } catch (RuntimeException e) {
            c.otherErrors.increment();
            count(c, e);
            return new Result<>(Outcome.ERROR, null, e);
        } finally {
            inFlight.remove(id);
        }
    }

    private static void count(Counts c, Throwable e) {
        String type = e instanceof RedisOutcomeUnknownException u ? "OutcomeUnknown/" + u.reason()
                : e instanceof io.lettuce.core.RedisCommandExecutionException ? e.getClass().getSimpleName() + "[" + replyKind(e) + "]"
                : e.getClass().getSimpleName();
        c.errorTypes.computeIfAbsent(type, t -> new LongAdder()).increment();
    }

    /** A Redis error reply's kind, its first word ({@code READONLY}, {@code MOVED}...). */
    static String replyKind(Throwable error) {
        String m = String.valueOf(error.getMessage());
        int space = m.indexOf(' ');
        return space < 0 ? m : m.substring(0, space);
    }

    /** Calls running for longer than {@code bound} now. */
    public long runningLongerThan(Duration bound) {
        long now = System.nanoTime();
        return inFlight.values().stream().filter(s -> now - s > bound.toNanos()).count();
    }

    public Map<String, Counts> byActor() {
        return new java.util.TreeMap<>(byActor);
    }

    public long total(java.util.function.ToLongFunction<Counts> f) {
        return byActor.values().stream().mapToLong(f).sum();
    }
}
