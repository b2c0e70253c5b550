package dev.tether.testkit.toxiproxy.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One toxic running on one direction of one connection. A stage receives chunks with the time they
 * reached it, and either passes them on at once, drops them, or holds them until a due time (which may
 * be never). Held chunks keep their order. Times are {@link System#nanoTime()} values; a chunk released
 * from a hold carries its scheduled time onward, so chained delays add up exactly.
 *
 * <p>Not thread-safe: a {@link Link} calls every method under its own lock.
 */
abstract class ToxicStage {

    /** Where a stage sends what it releases: the next stage, or the socket at the end of the chain. */
    interface Output {
        void emit(Chunk chunk, long time);

        /** Reports bytes a stage threw away, for the link's buffer accounting. */
        void dropped(int bytes);
    }

    /** A chunk held in a stage: when it arrived here and when it may leave. */
    static final class Held {
        final Chunk chunk;
        final long arrived;
        final long due;

        Held(Chunk chunk, long arrived, long due) {
            this.chunk = chunk;
            this.arrived = arrived;
            this.due = due;
        }
    }

    static final long NEVER = Long.MAX_VALUE;

    final ToxicSpec spec;
    /** Whether the toxicity draw made this toxic apply; an inactive stage passes everything through. */
    final boolean active;
    final ArrayDeque<Held> held = new ArrayDeque<>();
    /** Whether the end of stream has reached this stage (passed through or taken), active or not. */
    boolean endSeen;
    /** Removed from the proxy while it could not be interrupted: it runs on, and no name refers to it. */
    boolean removed;

    ToxicStage(ToxicSpec spec) {
        this.spec = spec;
        this.active = spec.toxicity > 0 && ThreadLocalRandom.current().nextFloat() < spec.toxicity;
    }

    /** Creates the stage for a toxic starting now; {@code previous} is the stage it restarts, or null. */
    static ToxicStage start(ToxicSpec spec, long now, ToxicStage previous) {
        switch (spec.type) {
            case LATENCY: return new DelayingToxics.Latency(spec);
            case BANDWIDTH: return new DelayingToxics.Bandwidth(spec);
            case SLOW_CLOSE: return new DelayingToxics.SlowClose(spec);
            case SLICER: return new DelayingToxics.Slicer(spec);
            case TIMEOUT: return new ClosingToxics.Timeout(spec, now);
            case RESET_PEER: return new ClosingToxics.ResetPeer(spec);
            case LIMIT_DATA: return new ClosingToxics.LimitData(spec, previous);
            default: return new Noop(spec);
        }
    }

    /** A chunk reaches this stage at {@code time}. */
    final void offer(Chunk chunk, long time, Output out) {
        endSeen |= chunk.isEof();
        if (active) {
            accept(chunk, time, out);
        } else {
            passInOrder(chunk, time, out); // an inactive stage holds nothing; kept for order safety
        }
    }

    abstract void accept(Chunk chunk, long time, Output out);

    /** Lets {@code chunk} through now, unless chunks are held here: then it leaves right after them. */
    final void passInOrder(Chunk chunk, long time, Output out) {
        if (held.isEmpty()) {
            out.emit(chunk, time);
        } else {
            hold(chunk, time, time);
        }
    }

    /**
     * Whether this stage has closed its output (the end of stream went through, or the toxic ended the
     * stream itself). The real server cannot interrupt a closed stub ({@code ToxicStub.InterruptToxic}
     * answers false), so such a stage is neither restarted nor cleaned up.
     */
    boolean ended() {
        return endSeen;
    }

    /** The earliest time this stage wants to act, or {@link #NEVER}. */
    long nextDue() {
        return held.isEmpty() ? NEVER : held.peekFirst().due;
    }

    /** Releases everything due at or before {@code now}, in order. */
    void release(long now, Output out) {
        while (!held.isEmpty() && held.peekFirst().due <= now) {
            Held h = held.pollFirst();
            out.emit(h.chunk, h.due);
        }
    }

    /**
     * Whether removing the toxic now leaves it running until it ends by itself: a Go toxic blocked in a wait
     * that does not watch {@code Interrupt} cannot be interrupted, so its removal waits for it.
     */
    boolean outlivesRemoval() {
        return false;
    }

    /** The toxic is removed: what it held goes onward now. */
    void remove(long now, Output out) {
        while (!held.isEmpty()) {
            out.emit(held.pollFirst().chunk, now);
        }
    }

    /** The toxic restarts with new attributes: returns what it held, for the new stage to take over. */
    List<Held> drain() {
        List<Held> drained = new ArrayList<>(held);
        held.clear();
        return drained;
    }

    /** Holds a chunk until {@code due}, never before anything held ahead of it. */
    final void hold(Chunk chunk, long arrived, long due) {
        Held last = held.peekLast();
        held.addLast(new Held(chunk, arrived, last == null ? due : Math.max(due, last.due)));
    }

    static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    /** Adds without overflowing past {@link #NEVER}. */
    static long plus(long time, long nanos) {
        long sum = time + nanos;
        return nanos > 0 && sum < time ? NEVER : sum;
    }

    /** {@code noop}: passes everything. */
    static final class Noop extends ToxicStage {
        Noop(ToxicSpec spec) {
            super(spec);
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            out.emit(chunk, time);
        }
    }
}
