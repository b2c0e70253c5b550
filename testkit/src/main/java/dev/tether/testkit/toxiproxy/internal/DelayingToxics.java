package dev.tether.testkit.toxiproxy.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** The toxics that delay or reshape bytes without losing any: latency, bandwidth, slow_close, slicer. */
final class DelayingToxics {

    private DelayingToxics() {
    }

    /** {@code latency}: each chunk leaves {@code latency ± jitter} ms after it arrived, order kept. */
    static final class Latency extends ToxicStage {
        Latency(ToxicSpec spec) {
            super(spec);
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            long delay = 0;
            if (!chunk.isEof()) {
                delay = spec.attribute("latency");
                long jitter = spec.attribute("jitter");
                if (jitter > 0) {
                    delay += ThreadLocalRandom.current().nextLong(jitter * 2) - jitter;
                }
            }
            if (delay <= 0 && held.isEmpty()) {
                out.emit(chunk, time);
            } else {
                hold(chunk, time, plus(time, millis(Math.max(0, delay))));
            }
        }
    }

    /**
     * {@code bandwidth}: paces bytes at {@code rate} KB/s (1 KB = 1000 B), in pieces of at most 100 ms
     * worth; a rate of 0 holds everything (a stall) until the toxic changes or goes.
     */
    static final class Bandwidth extends ToxicStage {
        private long nextFree = Long.MIN_VALUE;

        Bandwidth(ToxicSpec spec) {
            super(spec);
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            long rate = spec.attribute("rate");
            if (chunk.isEof()) {
                passInOrder(chunk, time, out);
                return;
            }
            if (rate <= 0) {
                hold(chunk, time, NEVER);
                return;
            }
            int maxPiece = (int) Math.max(1, Math.min(Integer.MAX_VALUE, rate * 100));
            byte[] data = chunk.data;
            for (int from = 0; from < data.length; from += maxPiece) {
                int to = Math.min(data.length, from + maxPiece);
                long start = Math.max(time, nextFree);
                nextFree = plus(start, (to - from) * 1_000_000L / rate);
                Chunk piece = from == 0 && to == data.length ? chunk : Chunk.of(Arrays.copyOfRange(data, from, to));
                hold(piece, time, nextFree);
            }
        }
    }

    /** {@code slow_close}: bytes pass; the end of stream waits {@code delay} ms before going on. */
    static final class SlowClose extends ToxicStage {
        SlowClose(ToxicSpec spec) {
            super(spec);
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            if (chunk.isEof()) {
                hold(chunk, time, plus(time, millis(spec.attribute("delay"))));
            } else {
                passInOrder(chunk, time, out);
            }
        }
    }

    /**
     * {@code slicer}: cuts each chunk into pieces of about {@code average_size ± size_variation} bytes,
     * sent {@code delay} microseconds apart.
     */
    static final class Slicer extends ToxicStage {
        private long nextFree = Long.MIN_VALUE;

        Slicer(ToxicSpec spec) {
            super(spec);
        }

        @Override
        void accept(Chunk chunk, long time, Output out) {
            long delay = TimeUnit.MICROSECONDS.toNanos(Math.max(0, spec.attribute("delay")));
            if (chunk.isEof()) {
                if (held.isEmpty() && nextFree <= time) {
                    out.emit(chunk, time);
                } else {
                    hold(chunk, time, Math.max(time, nextFree));
                }
                return;
            }
            List<Integer> bounds = new ArrayList<>();
            cut(0, chunk.data.length, bounds);
            long base = Math.max(time, nextFree);
            int from = 0;
            for (int i = 0; i < bounds.size(); i++) {
                int to = bounds.get(i);
                Chunk piece = Chunk.of(Arrays.copyOfRange(chunk.data, from, to));
                long due = plus(base, delay * i);
                if (due <= time && held.isEmpty()) {
                    out.emit(piece, time);
                } else {
                    hold(piece, time, due);
                }
                from = to;
            }
            nextFree = plus(base, delay * bounds.size());
        }

        /** Adds the end offsets of the pieces of [start, end), splitting about in half each time. */
        private void cut(int start, int end, List<Integer> bounds) {
            int average = (int) Math.min(Integer.MAX_VALUE, spec.attribute("average_size"));
            int variation = (int) Math.max(0, Math.min(Integer.MAX_VALUE / 2, spec.attribute("size_variation")));
            if (average <= 0 || end - start <= 1 || (end - start) - average <= variation) {
                bounds.add(end);
                return;
            }
            int mid = start + (end - start) / 2;
            if (variation > 0) {
                mid += ThreadLocalRandom.current().nextInt(variation * 2) - variation;
            }
            mid = Math.max(start + 1, Math.min(end - 1, mid));
            cut(start, mid, bounds);
            cut(mid, end, bounds);
        }
    }
}
