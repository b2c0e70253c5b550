package dev.tether.chaos.cluster;

import dev.tether.chaos.clients.ClusterChaosClient;
import dev.tether.chaos.harness.ScenarioResult;
import dev.tether.chaos.report.ClusterFigures;
import io.lettuce.core.cluster.SlotHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One cluster or Sentinel run: {@value #WORKERS} worker threads issue SET (a new key each time, a third of them
 * hash-tagged onto one busy slot), INCR (16 counters per worker) and GET (of a key the worker wrote and had
 * acknowledged) through the client under test; after 1 s of steady traffic the fault is injected and timed; traffic
 * goes on until a write to the affected slots has succeeded after the cluster recovered (at most the recovery wait),
 * then 1 s more. Then every acknowledged write is read back by a fresh verifying connection.
 */
public final class ClusterRun {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRun.class);
    static final int WORKERS = 6;
    static final int COUNTERS = 16;
    private static final int BUCKET_MILLIS = 100;
    /** The hash tag of the busy slot: a third of the SETs carry it. */
    public static final String BUSY_TAG = "{busy}";

    /**
     * How a run is bounded.
     *
     * @param recoveryWait how long traffic waits for a successful write to the affected slots after the floor
     * @param hungBound    a call not returned this long after traffic stopped is hung
     */
    public record Limits(Duration recoveryWait, Duration hungBound) {
        public static Limits standard() {
            return new Limits(Duration.ofSeconds(15), Duration.ofSeconds(5));
        }
    }

    /** The common row for the report and the cluster figures. */
    public record Outcome(ScenarioResult result, ClusterFigures figures, long floorMs, Long recoveryMs) {
    }

    /** What the fault does and how to read back (a verifying reader opened after the run). */
    public interface Environment {
        ClusterFaults.Fault fault();

        /** Waits until the topology is at rest, then returns a fresh reader of the current primaries. */
        Verifier verifier();
    }

    /** Reads keys back after a run from the current primaries. */
    public interface Verifier extends AutoCloseable {
        /** Values of {@code keys}, {@code null} where missing. */
        List<String> get(List<String> keys);

        @Override
        void close();
    }

    private final ScenarioResult.RunId id;
    private final ClusterChaosClient client;
    private final Environment environment;
    private final Limits limits;

    private ClusterRun(ScenarioResult.RunId id, ClusterChaosClient client, Environment environment, Limits limits) {
        this.id = id;
        this.client = client;
        this.environment = environment;
        this.limits = limits;
    }

    /** Runs {@code id.scenario()} with {@code client} (already created, not yet ready) against {@code environment}. */
    public static Outcome run(ScenarioResult.RunId id, ClusterChaosClient client, Environment environment, Limits limits) {
        return new ClusterRun(id, client, environment, limits).run();
    }

    /** One call's record, kept by its worker. */
    private record Op(byte kind, String key, String value, long start, long end, boolean ok, boolean affected, String failure,
                      boolean neverSent) {
    }

    private static final byte SET = 0;
    private static final byte INCR = 1;
    private static final byte GET = 2;

    private final class Worker extends Thread {
        final int index;
        /** Synchronized: a hung worker's call may still return while the run is measured. */
        final List<Op> ops = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> acked = new ArrayList<>();
        final long[] counterMax = new long[COUNTERS];
        final long[] counterAckedAt = new long[COUNTERS];
        long misdelivered;
        volatile long inFlightSince;
        volatile long lastAffectedOkStart;
        volatile boolean stop;
        final BitSet affected;

        Worker(int index, BitSet affected) {
            super("cluster-chaos-worker-" + index);
            setDaemon(true);
            this.index = index;
            this.affected = affected;
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (long seq = 1; !stop; seq++) {
                int pick = (int) (seq % 4);
                byte kind = pick == 2 ? INCR : pick == 3 && !acked.isEmpty() ? GET : SET;
                String key;
                String value = null;
                if (kind == SET) {
                    key = (seq % 3 == 0 ? BUSY_TAG : "") + "c:" + index + ":" + seq;
                    value = key + "=" + seq;
                } else if (kind == INCR) {
                    key = "n:" + index + ":" + (seq % COUNTERS);
                } else {
                    key = acked.get(Math.max(0, acked.size() - 1 - random.nextInt(Math.min(acked.size(), 200))));
                }
                boolean hits = affected.get(SlotHash.getSlot(key));
                long start = System.nanoTime();
                inFlightSince = start;
                try {
                    if (kind == SET) {
                        client.set(key, value);
                        acked.add(key);
                    } else if (kind == INCR) {
                        long v = client.incr(key);
                        int c = (int) (seq % COUNTERS);
                        if (v > counterMax[c]) {
                            counterMax[c] = v;
                            counterAckedAt[c] = System.nanoTime();
                        }
                    } else {
                        String got = client.get(key);
                        if (got != null && !got.startsWith(key + "=")) {
                            misdelivered++;
                        }
                    }
                    ops.add(new Op(kind, key, value, start, System.nanoTime(), true, hits, null, false));
                    if (hits && kind != GET) {
                        lastAffectedOkStart = start;
                    }
                } catch (Throwable e) {
                    ops.add(new Op(kind, key, value, start, System.nanoTime(), false, hits, describe(e), client.neverSent(e)));
                    LockSupport.parkNanos(2_000_000); // a client that fails fast must not spin two cores
                } finally {
                    inFlightSince = 0;
                }
            }
        }
    }

    private static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        String kind = message.startsWith("MOVED") ? "MOVED" : message.startsWith("ASK") ? "ASK"
                : message.startsWith("CROSSSLOT") ? "CROSSSLOT" : message.startsWith("CLUSTERDOWN") ? "CLUSTERDOWN"
                : message.startsWith("READONLY") ? "READONLY" : message.startsWith("TRYAGAIN") ? "TRYAGAIN" : null;
        return e.getClass().getSimpleName() + (kind == null ? "" : "[" + kind + "]");
    }

    private Outcome run() {
        ClusterFaults.Fault fault = environment.fault();
        BitSet affected = fault.affected();
        client.awaitReady(Duration.ofSeconds(30));
        long origin = System.nanoTime();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Worker w = new Worker(i, affected);
            workers.add(w);
            w.start();
        }
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // steady traffic before the fault
        FaultTimes times = fault.inject();
        // traffic until a write to the affected slots succeeded after the floor, bounded; then 1 s more
        long from = Math.max(Math.max(times.floorNanos(), times.settledNanos()), times.startNanos());
        long deadline = from + limits.recoveryWait().toNanos();
        while (System.nanoTime() < deadline && !affectedWriteSince(workers, from)) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        long stopped = System.nanoTime();
        workers.forEach(w -> w.stop = true);
        long hungDeadline = stopped + limits.hungBound().toNanos();
        long hung = 0;
        for (Worker w : workers) {
            try {
                w.join(Math.max(1, (hungDeadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.isAlive() && w.inFlightSince != 0) {
                hung++;
            }
        }
        long end = System.nanoTime();
        return measure(workers, hung, times, origin, end);
    }

    /** Whether some worker had a write to an affected slot succeed that started at or after {@code since}. */
    private static boolean affectedWriteSince(List<Worker> workers, long since) {
        return workers.stream().anyMatch(w -> w.lastAffectedOkStart >= since);
    }

    private Outcome measure(List<Worker> workers, long hung, FaultTimes times, long origin, long end) {
        long ok = 0;
        long notSent = 0;
        long failed = 0;
        long raw = 0;
        long misdelivered = 0;
        Map<String, Long> byType = new HashMap<>();
        Long firstError = null;
        List<Op> affectedWrites = new ArrayList<>();
        int buckets = (int) ((end - origin) / 1_000_000 / BUCKET_MILLIS) + 1;
        int[] okBuckets = new int[buckets];
        int[] errorBuckets = new int[buckets];
        List<String> ackedKeys = new ArrayList<>();
        List<Long> ackedAt = new ArrayList<>();
        List<String> notSentKeys = new ArrayList<>();
        for (Worker w : workers) {
            misdelivered += w.misdelivered;
            List<Op> ops;
            synchronized (w.ops) {
                ops = new ArrayList<>(w.ops);
            }
            for (Op op : ops) {
                int bucket = (int) Math.min(buckets - 1, Math.max(0, (op.end() - origin) / 1_000_000 / BUCKET_MILLIS));
                if (op.ok()) {
                    ok++;
                    okBuckets[bucket]++;
                    if (op.kind() == SET) {
                        ackedKeys.add(op.key());
                        ackedAt.add(op.end());
                    }
                    if (op.affected() && op.kind() == SET && op.start() >= times.startNanos()) {
                        affectedWrites.add(op);
                    }
                } else {
                    errorBuckets[bucket]++;
                    byType.merge(op.failure(), 1L, Long::sum);
                    if (op.failure().contains("[MOVED]") || op.failure().contains("[ASK]") || op.failure().contains("[CROSSSLOT]")) {
                        raw++;
                    }
                    if (op.neverSent()) {
                        notSent++;
                        if (op.kind() == SET) {
                            notSentKeys.add(op.key());
                        }
                    } else {
                        failed++;
                    }
                    if (op.start() >= times.startNanos() && (firstError == null || op.end() < firstError)) {
                        firstError = op.end();
                    }
                }
            }
        }
        long lost = 0;
        long lostByServer = 0;
        long phantom = 0;
        try (Verifier verifier = environment.verifier()) {
            List<String> values = verifier.get(ackedKeys);
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) {
                    if (ackedAt.get(i) < times.settledNanos()) {
                        lostByServer++;
                    } else {
                        lost++;
                    }
                }
            }
            for (String v : verifier.get(notSentKeys)) {
                if (v != null) {
                    phantom++;
                }
            }
            for (Worker w : workers) {
                List<String> counterKeys = new ArrayList<>();
                for (int c = 0; c < COUNTERS; c++) {
                    counterKeys.add("n:" + w.index + ":" + c);
                }
                List<String> counters = verifier.get(counterKeys);
                for (int c = 0; c < COUNTERS; c++) {
                    long now = counters.get(c) == null ? 0 : Long.parseLong(counters.get(c));
                    if (now < w.counterMax[c]) {
                        if (w.counterAckedAt[c] < times.settledNanos()) {
                            lostByServer += w.counterMax[c] - now;
                        } else {
                            lost += w.counterMax[c] - now;
                        }
                    }
                }
            }
        }
        // a write counts once it is acknowledged and kept: one the old primary took after the promotion is not there
        List<Long> affectedOkEnds = new ArrayList<>();
        try (Verifier verifier = environment.verifier()) {
            List<String> kept = verifier.get(affectedWrites.stream().map(Op::key).toList());
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i) != null) {
                    affectedOkEnds.add(affectedWrites.get(i).end());
                }
            }
        }
        affectedOkEnds.sort(null);
        // the first such write completed once the cluster had recovered by itself: before that, a coordinated failover or a
        // migration still lets writes through to the old owner, which says nothing about the client following the change
        long floorOrStart = times.floorNanos() == 0 ? times.startNanos() : times.floorNanos();
        Long recovered = affectedOkEnds.stream().filter(t -> t >= floorOrStart).findFirst().orElse(null);
        // the longest stretch without a kept write to the affected slots, from the failure to the end
        long gap = 0;
        long previous = times.startNanos();
        for (long t : affectedOkEnds) {
            gap = Math.max(gap, t - previous);
            previous = t;
        }
        gap = Math.max(gap, end - previous);

        long floorMs = times.floorNanos() == 0 ? -1 : (times.floorNanos() - times.startNanos()) / 1_000_000;
        Long recoveryMs = recovered == null ? null : (recovered - times.startNanos()) / 1_000_000;
        Long afterFloor = recoveryMs == null || floorMs < 0 ? null : recoveryMs - floorMs;
        ScenarioResult result = new ScenarioResult(id,
                new ScenarioResult.Timings(recoveryMs, null, firstError == null ? null : (firstError - times.startNanos()) / 1_000_000),
                new ScenarioResult.Outcomes(ok, notSent, failed, Map.copyOf(byType)),
                new ScenarioResult.Invariants(lost, client.signalsNotSent() ? phantom : null,
                        misdelivered, hung),
                new ScenarioResult.Aftermath(0, null),
                new ScenarioResult.Series((end - origin) / 1_000_000, (times.startNanos() - origin) / 1_000_000,
                        (times.endNanos() - origin) / 1_000_000, okBuckets, errorBuckets));
        ClusterFigures figures = new ClusterFigures(result.label(), floorMs < 0 ? null : floorMs, recoveryMs, afterFloor,
                gap / 1_000_000, byType, hung, lost, lostByServer, misdelivered, raw);
        LOG.info("{}: floor {} ms, first write to the affected slots {} ms ({} ms after the floor), gap {} ms, ok {}, failed {} {}, "
                        + "hung {}, lost {}, lost by server {}, misdelivered {}, raw redirects {}",
                result.label(), figures.floorMs(), recoveryMs, afterFloor, figures.longestGapMs(), ok, failed + notSent, byType, hung,
                lost, lostByServer, misdelivered, raw);
        return new Outcome(result, figures, floorMs, recoveryMs);
    }
}
