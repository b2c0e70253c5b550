package dev.tether.testkit.toxiproxy.internal;

import java.util.Arrays;

/** The toxics that drop bytes or end the stream: timeout, reset_peer, limit_data. */
final class ClosingToxics {

    private ClosingToxics() {
    }

    /**
     * {@code timeout}: drops every byte; ends the stream {@code timeout} ms after the last chunk it saw, or
     * after it (re)started on the connection when none came since (0: never). Real server,
     * {@code toxics/timeout.go} lines 16-29: each turn of the {@code for/select} loop arms a new
     * {@code time.After(timeout)}, so every chunk re-arms the timer. Removing it ends the stream whatever
     * the toxicity rolled ({@code Cleanup}, lines 47-49, closes the stub even when a noop ran instead).
     */
    static final class Timeout extends ToxicStage {
        private final long timeoutNanos;
        private long closeAt;
        private boolean closed;

        Timeout(ToxicSpec spec, long now) {
            super(spec);
            long timeout = spec.attribute("timeout");
            this.timeoutNanos = timeout > 0 ? millis(timeout) : 0;
            this.closeAt = timeout > 0 ? plus(now, timeoutNanos) : NEVER;
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            if (closed) {
                out.dropped(chunk.length());
            } else if (chunk.isEof()) {
                closed = true;
                out.emit(chunk, time);
            } else {
                out.dropped(chunk.length());
                if (timeoutNanos > 0) {
                    closeAt = plus(time, timeoutNanos);
                }
            }
        }

        @Override
        long nextDue() {
            return active && !closed ? closeAt : NEVER;
        }

        @Override
        boolean ended() {
            return closed || endSeen;
        }

        @Override
        void release(long now, Output out) {
            if (active && !closed && now >= closeAt) {
                closed = true;
                out.emit(Chunk.EOF, closeAt);
            }
        }

        @Override
        void remove(long now, Output out) {
            if (!closed && !endSeen) {
                closed = true;
                out.emit(Chunk.EOF, now);
            }
        }
    }

    /**
     * {@code reset_peer}: on the first chunk or end of stream, waits {@code timeout} ms, then ends the
     * stream; bytes are dropped ({@code toxics/reset_peer.go} lines 21-33). The TCP RST itself comes from
     * SO_LINGER 0, which {@link ProxiedConnection} sets, like the real server, on both sockets of connections
     * opened while the toxic exists.
     */
    static final class ResetPeer extends ToxicStage {
        private long fireAt = NEVER;
        private boolean fired;

        ResetPeer(ToxicSpec spec) {
            super(spec);
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            out.dropped(chunk.length());
            if (!fired && fireAt == NEVER) {
                fireAt = plus(time, millis(Math.max(0, spec.attribute("timeout"))));
            }
        }

        @Override
        long nextDue() {
            return fired ? NEVER : fireAt;
        }

        @Override
        boolean ended() {
            return fired || endSeen;
        }

        /** Armed, it waits in {@code <-time.After(timeout)} (line 29), deaf to the interrupt: it resets anyway. */
        @Override
        boolean outlivesRemoval() {
            return fireAt != NEVER && !fired;
        }

        @Override
        void release(long now, Output out) {
            if (!fired && now >= fireAt) {
                fired = true;
                out.emit(Chunk.EOF, fireAt);
            }
        }
    }

    /** {@code limit_data}: forwards {@code bytes} bytes in total, then ends the stream. */
    static final class LimitData extends ToxicStage {
        private long transmitted;
        private boolean closed;

        LimitData(ToxicSpec spec, ToxicStage previous) {
            super(spec);
            if (previous instanceof LimitData) {
                transmitted = ((LimitData) previous).transmitted; // the count survives a restart
            }
        }

        @Override
        boolean ended() {
            return closed || endSeen;
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            if (closed) {
                out.dropped(chunk.length());
                return;
            }
            if (chunk.isEof()) {
                closed = true;
                out.emit(chunk, time);
                return;
            }
            long limit = spec.attribute("bytes");
            long remaining = Math.max(0, limit - transmitted);
            Chunk passed = chunk;
            if (remaining < chunk.length()) {
                out.dropped(chunk.length() - (int) remaining);
                passed = Chunk.of(Arrays.copyOf(chunk.data, (int) remaining));
            }
            if (passed.length() > 0) {
                out.emit(passed, time);
                transmitted += passed.length();
            }
            if (limit - transmitted <= 0) {
                closed = true;
                out.emit(Chunk.EOF, time);
            }
        }
    }
}
