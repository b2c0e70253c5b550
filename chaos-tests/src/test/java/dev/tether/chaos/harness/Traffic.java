package dev.tether.chaos.harness;

import dev.tether.chaos.clients.ChaosClient;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * Steady traffic from worker threads through one client: each iteration SETs a unique key to a unique value,
 * then GETs it and checks the reply (a wrong value is a misdelivered reply). Records every call's outcome: ok,
 * "not sent", failed with another exception, or hung (no return within the bound). After a failure a worker
 * pauses {@link #PAUSE_AFTER_FAILURE} like a retry loop would, so an outage does not turn into a busy loop.
 * Thread-safe; the counters are read after {@link #stop(Duration)}.
 */
public final class Traffic {
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(5);

    private final ChaosClient client;
    private final Duration readyWait;
    private final Duration hungBound;
    private final String bigKey;
    private final String bigValue;
    private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final long originNanos = System.nanoTime();
    private final Timeline timeline = new Timeline(originNanos);
    private final Worker[] workers;

    private final LongAdder ok = new LongAdder();
    private final LongAdder notSent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder misdelivered = new LongAdder();
    private final LongAdder hungReturned = new LongAdder();
    private final Map<String, LongAdder> failuresByType = new ConcurrentHashMap<>();
    private final AtomicLong firstSuccessAfterClear = new AtomicLong();
    private final AtomicLong firstFailureAfterFault = new AtomicLong();
    private volatile long faultStartNanos = Long.MAX_VALUE;
    private volatile long clearedNanos = Long.MAX_VALUE;
    private volatile boolean stopped;
    private volatile boolean paused;

    /**
     * @param bigKey   a key holding {@code bigValue}, read by worker 0 each iteration; {@code null} for none
     */
    public Traffic(ChaosClient client, int workers, Duration readyWait, Duration hungBound, String bigKey, String bigValue) {
        this.client = client;
        this.readyWait = readyWait;
        this.hungBound = hungBound;
        this.bigKey = bigKey;
        this.bigValue = bigValue;
        this.workers = new Worker[workers];
        for (int i = 0; i < workers; i++) {
            this.workers[i] = new Worker(i);
        }
    }

    public void start() {
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    public long originNanos() {
        return originNanos;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** Workers finish their current iteration and make no calls until {@link #resume()}: the connection goes idle. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public void faultStarted(long nanos) {
        faultStartNanos = nanos;
    }

    public void faultCleared(long nanos) {
        clearedNanos = nanos;
    }

    /** Whether a call started after the fault was cleared has succeeded. */
    public boolean recovered() {
        return firstSuccessAfterClear.get() != 0;
    }

    /** When the first call started after the clear succeeded (nanoTime), or {@code null}. */
    public Long firstSuccessAfterClear() {
        long t = firstSuccessAfterClear.get();
        return t == 0 ? null : t;
    }

    /** When the first call failed after the fault started (nanoTime), or {@code null}. */
    public Long firstFailureAfterFault() {
        long t = firstFailureAfterFault.get();
        return t == 0 ? null : t;
    }

    public long ok() {
        return ok.sum();
    }

    public boolean workersAlive() {
        for (Worker w : workers) {
            if (!w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the workers and waits up to {@code hungBound} plus a second for their current calls.
     *
     * @return the number of calls that were hung: returned after more than the bound, or still running now
     */
    public long stop(Duration wait) {
        stopped = true;
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (Worker w : workers) {
                    if (w.thread.isAlive()) {
                        return false;
                    }
                }
                return true;
            });
        } catch (ConditionTimeoutException e) {
            // counted below: a worker still inside a call past the bound is hung
        }
        long now = System.nanoTime();
        long stuck = 0;
        for (Worker w : workers) {
            long since = w.inCallSince;
            if (w.thread.isAlive() && since != 0 && now - since > hungBound.toNanos()) {
                stuck++;
            }
        }
        return stuck + hungReturned.sum();
    }

    public long notSent() {
        return notSent.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long misdelivered() {
        return misdelivered.sum();
    }

    public Map<String, Long> failuresByType() {
        Map<String, Long> out = new TreeMap<>();
        failuresByType.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    int workerCount() {
        return workers.length;
    }

    String key(int worker, int seq) {
        return "k:" + worker + ":" + seq;
    }

    String value(int worker, int seq) {
        return "v" + worker + "." + seq + "." + nonce;
    }

    int[] acked(int worker) {
        return workers[worker].acked.toArray();
    }

    int[] notSentWrites(int worker) {
        return workers[worker].notSentSeqs.toArray();
    }

    int[] readsMissing(int worker) {
        return workers[worker].readMissing.toArray();
    }

    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        final SeqList acked = new SeqList();
        final SeqList notSentSeqs = new SeqList();
        final SeqList readMissing = new SeqList();
        volatile long inCallSince;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "chaos-worker-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            awaitReady();
            int seq = 0;
            while (!stopped) {
                if (paused) {
                    LockSupport.parkNanos(PAUSE_AFTER_FAILURE.toNanos());
                    continue;
                }
                seq++;
                String key = key(index, seq);
                String value = value(index, seq);
                Reply set = call(() -> client.set(key, value));
                if (set.error != null) {
                    if (client.neverSent(set.error)) {
                        notSentSeqs.add(seq);
                    }
                    continue;
                }
                if (!"OK".equals(set.value)) {
                    misdelivered.increment();
                    continue;
                }
                acked.add(seq);
                Reply get = call(() -> client.get(key));
                if (get.error == null && !value.equals(get.value)) {
                    if (get.value == null) {
                        readMissing.add(seq);
                    } else {
                        misdelivered.increment();
                    }
                }
                if (bigKey != null && index == 0) {
                    Reply big = call(() -> client.get(bigKey));
                    if (big.error == null && !bigValue.equals(big.value)) {
                        misdelivered.increment();
                    }
                }
            }
        }

        private void awaitReady() {
            while (!stopped) {
                try {
                    client.awaitReady(readyWait);
                    return;
                } catch (RuntimeException e) {
                    failure(System.nanoTime(), e);
                }
            }
        }

        private Reply call(Supplier<String> command) {
            long start = System.nanoTime();
            inCallSince = start;
            String value;
            try {
                value = command.get();
            } catch (RuntimeException e) {
                long end = System.nanoTime();
                inCallSince = 0;
                countIfHung(start, end);
                failure(end, e);
                return new Reply(null, e);
            }
            long end = System.nanoTime();
            inCallSince = 0;
            countIfHung(start, end);
            ok.increment();
            timeline.ok(end);
            if (start >= clearedNanos) {
                firstSuccessAfterClear.compareAndSet(0, end);
            }
            return new Reply(value, null);
        }

        private void countIfHung(long start, long end) {
            if (end - start > hungBound.toNanos()) {
                hungReturned.increment();
            }
        }

        private void failure(long end, RuntimeException e) {
            if (client.neverSent(e)) {
                notSent.increment();
            } else {
                failed.increment();
            }
            failuresByType.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            timeline.error(end);
            if (end >= faultStartNanos) {
                firstFailureAfterFault.compareAndSet(0, end);
            }
            LockSupport.parkNanos(PAUSE_AFTER_FAILURE.toNanos());
        }
    }

    private record Reply(String value, RuntimeException error) {
    }
}
