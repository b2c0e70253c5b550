package dev.tether.chaos.service;

import dev.tether.chaos.workload.CallLedger;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.RedisCommandExecutionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The service's writers in a service scenario: {@code threads} threads on one {@link SharedRedis}, each
 * writing unique keys ({@code prefix:thread:seq} = {@code v<seq>}) with SET and now and then reading its
 * last acknowledged key back, recording every outcome: acknowledged, not sent, refused by the server
 * (an error reply such as {@code READONLY}), unknown. {@link #stop} and {@link #verify} then compare the
 * bookkeeping with a server read directly. Start, run a fault, stop, verify; not reusable. Thread-safe.
 */
final class KeyWriters {
    /** Read the last acknowledged key back after this many writes. */
    private static final int READ_BACK_EVERY = 8;

    private final SharedRedis redis;
    private final String prefix;
    private final int threads;
    private final Duration ownTimeout;
    private final Duration hungBound;
    private final CallLedger ledger = new CallLedger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new ArrayList<>();
    /** Acknowledged key → when the acknowledgement arrived (System.nanoTime). */
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Set<String> notSent = ConcurrentHashMap.newKeySet();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong misdelivered = new AtomicLong();
    private final List<String> misdeliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong overBound = new AtomicLong();
    private final LongAccumulator maxCallNanos = new LongAccumulator(Math::max, 0);
    private final Map<String, AtomicLong> errorReplies = new ConcurrentHashMap<>();
    private final Set<String> lostKeys = ConcurrentHashMap.newKeySet();

    /**
     * @param threads   writer threads
     * @param hungBound a call longer than this is hung (the command timeout plus generous slack)
     */
    KeyWriters(SharedRedis redis, String prefix, int threads, Duration hungBound) {
        this.redis = redis;
        this.prefix = prefix;
        this.threads = threads;
        this.ownTimeout = redis.settings().commandTimeout();
        this.hungBound = hungBound;
    }

    KeyWriters start() {
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> write(id), "service-writer-" + prefix + "-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        return this;
    }

    private void write(int id) {
        String lastKey = null;
        String lastValue = null;
        for (long seq = 0; running.get(); seq++) {
            String key = prefix + ":" + id + ":" + seq;
            String value = "v" + seq;
            CallLedger.Result<String> r = timed("set", () -> redis.sync().set(key, value));
            switch (r.outcome()) {
                case OK -> {
                    acked.put(key, System.nanoTime());
                    if (!"OK".equals(r.value())) {
                        misdelivered("SET " + key + " answered " + r.value());
                    }
                    lastKey = key;
                    lastValue = value;
                }
                case NOT_SENT -> notSent.add(key);
                case UNKNOWN -> unknown.incrementAndGet();
                case ERROR -> {
                    if (r.error() instanceof RedisCommandExecutionException reply) {
                        refused.add(key);
                        String code = reply.getMessage() == null ? "?" : reply.getMessage().split(" ", 2)[0];
                        errorReplies.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
                    } else {
                        unknown.incrementAndGet(); // an error of another kind: the write may or may not be applied
                    }
                }
            }
            if (lastKey != null && seq % READ_BACK_EVERY == 0) {
                String k = lastKey;
                String expected = lastValue;
                CallLedger.Result<String> back = timed("get", () -> redis.sync().get(k));
                if (back.ok() && !expected.equals(back.value())) {
                    misdelivered("GET " + k + " answered " + back.value() + ", expected " + expected);
                }
            }
            try {
                Thread.sleep(1); // a busy service, not a flood: 2 cores are shared
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private <T> CallLedger.Result<T> timed(String actor, java.util.function.Supplier<T> call) {
        long start = System.nanoTime();
        CallLedger.Result<T> r = ledger.call(actor, ownTimeout, call);
        long took = System.nanoTime() - start;
        maxCallNanos.accumulate(took);
        if (took > hungBound.toNanos()) {
            overBound.incrementAndGet();
        }
        return r;
    }

    private void misdelivered(String what) {
        misdelivered.incrementAndGet();
        if (misdeliveries.size() < 10) {
            misdeliveries.add(what);
        }
    }

    /** When the first write acknowledged at or after {@code sinceNanos} was acknowledged; {@code null} if none was. */
    Long firstAcknowledgedAfter(long sinceNanos) {
        return acked.values().stream().filter(t -> t >= sinceNanos).min(Long::compare).orElse(null);
    }

    /** Writes acknowledged at or after {@code sinceNanos}. */
    Set<String> acknowledgedAfter(long sinceNanos) {
        Set<String> keys = new HashSet<>();
        acked.forEach((k, t) -> {
            if (t >= sinceNanos) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** How many of {@code keys} {@link #verify} found missing or changed. */
    long lostAmong(Set<String> keys) {
        return keys.stream().filter(lostKeys::contains).count();
    }

    long acknowledged() {
        return acked.size();
    }

    long notSent() {
        return notSent.size();
    }

    /** Error replies by code (e.g. {@code READONLY=3}). */
    Map<String, Long> errorReplies() {
        Map<String, Long> m = new java.util.TreeMap<>();
        errorReplies.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    List<String> misdeliveries() {
        return List.copyOf(misdeliveries);
    }

    /** Stops the writers; returns how many did not stop within the hung bound (each is a hung call). */
    long stop() throws InterruptedException {
        running.set(false);
        long stuck = 0;
        long deadline = System.nanoTime() + hungBound.toNanos();
        for (Thread w : workers) {
            w.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (w.isAlive()) {
                stuck++;
            }
        }
        return stuck;
    }

    /**
     * The invariants over the bookkeeping, reading {@code truth} (the server that must hold every
     * acknowledged write) directly: one {@code KEYS} for what exists, {@code MGET} for the values.
     */
    WriteVerdict verify(RedisServer truth, long stuck) {
        Set<String> present = new HashSet<>();
        String keys = truth.command("KEYS", prefix + ":*");
        if (keys != null && !keys.isEmpty()) {
            present.addAll(Arrays.asList(keys.split("\n")));
        }
        long lost = 0;
        List<String> ackedKeys = new ArrayList<>(acked.keySet());
        for (int from = 0; from < ackedKeys.size(); from += 500) {
            List<String> chunk = ackedKeys.subList(from, Math.min(ackedKeys.size(), from + 500));
            List<String> args = new ArrayList<>(List.of("MGET"));
            args.addAll(chunk);
            String[] values = truth.command(args.toArray(new String[0])).split("\n", -1);
            for (int i = 0; i < chunk.size(); i++) {
                String key = chunk.get(i);
                String expected = "v" + key.substring(key.lastIndexOf(':') + 1);
                if (i >= values.length || !expected.equals(values[i])) {
                    lost++;
                    lostKeys.add(key);
                }
            }
        }
        long phantom = notSent.stream().filter(present::contains).count() + refused.stream().filter(present::contains).count();
        return new WriteVerdict(acked.size(), notSent.size(), refused.size(), unknown.get(), lost, phantom, misdelivered.get(),
                overBound.get() + ledger.runningLongerThan(hungBound) + stuck, ledger.total(CallLedger.Counts::failedBeforeOwnTimeout),
                maxCallNanos.get() / 1_000_000);
    }
}
