package dev.tether.chaos.workload;

import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.CrossSlotException;
import dev.tether.redis.DedicatedConnection;
import dev.tether.redis.SharedRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A real service's mix on one {@link SharedRedis} connected to a Redis Cluster, with the keys a cluster needs: plain
 * writers and readers (sync, async, reactive, and one with a per-call timeout; half the keys hash-tagged onto the slot
 * the fault aims at, half spread over every node), pipelined batches spanning nodes, a Lua script that stands in for a
 * transaction (an INCR and an RPUSH of a unique id, both keys under one hash tag: the atomic way on a cluster), a
 * pub/sub subscriber with a publisher, blocking list consumers and a stream consumer group on dedicated connections,
 * and the refusals: what must not run on a cluster connection (transactions, SELECT, blocking reads on the shared
 * connection, the client-side cache, auto-flush, multi-key commands across slots) is tried all through the run and
 * must fail with tether's typed exception, nothing sent.
 *
 * <p>{@link #verify} reads everything back after the run: plain keys through a fresh cluster reader, the structures
 * under the hash tag from the slot's primary. An acknowledged write missing afterwards counts as lost by the server
 * when it was acknowledged before {@code settledNanos} (the old primary gone or demoted: asynchronous replication
 * loses it), else as lost. Start, run a fault, stop, verify; not reusable.
 */
public final class ClusterMixedWorkload {
    private static final String CHANNEL = "wl:chan";
    private static final String GROUP = "wl:group";
    /** The script: both keys in one slot, so it runs on one node, atomically; the reply is the log's new length. */
    private static final String SCRIPT = "redis.call('INCR', KEYS[1]) return redis.call('RPUSH', KEYS[2], ARGV[1])";

    /**
     * Error replies about the cluster's topology that tether must never hand to a caller raw: it follows MOVED and ASK,
     * refuses across slots before sending (CROSSSLOT), and turns CLUSTERDOWN, TRYAGAIN and UNBLOCKED into "not applied".
     */
    private static final Set<String> TOPOLOGY_REPLIES = Set.of("MOVED", "ASK", "CROSSSLOT", "CLUSTERDOWN", "TRYAGAIN", "UNBLOCKED",
            "READONLY", "LOADING");

    /** Reads plain string keys back after the run, wherever the cluster keeps them now. */
    public interface Reader {
        /** Values of {@code keys}, {@code null} where missing. */
        List<String> get(List<String> keys);

        /** One admin command on the primary that serves the workload's hash tag now (e.g. LRANGE of its list). */
        String onTagPrimary(String... command);
    }

    private final SharedRedis redis;
    private final String tag;
    private final Duration timeout;
    /** The per-call timeout one writer uses ({@link SharedRedis#withTimeout(Duration)}). */
    private final Duration longTimeout;
    private final String counter;
    private final String log;
    private final String jobs;
    private final String stream;
    private final CallLedger ledger = new CallLedger();
    private final WorkloadActors actors = new WorkloadActors();
    private final ChannelCheck channel = new ChannelCheck(CHANNEL, this::misdelivered);

    private final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    /** Each key a caller was told "not sent" for, and the kind of command (plain, pipeline...). */
    private final Map<String, String> notSentKeys = new ConcurrentHashMap<>();
    private final AtomicLong misdelivered = new AtomicLong();
    private final List<String> misdeliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Long> scriptAckedAt = new ConcurrentHashMap<>();
    private final Set<String> scriptNotSent = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> jobsAckedAt = new ConcurrentHashMap<>();
    private final Set<String> jobsNotSent = ConcurrentHashMap.newKeySet();
    /** Each consumed job and when it was first popped. */
    private final Map<String, Long> jobsConsumedAt = new ConcurrentHashMap<>();
    private final List<long[]> secondPops = new CopyOnWriteArrayList<>();
    private final AtomicLong jobsUnknownPops = new AtomicLong();
    private final Map<String, Long> streamAckedAt = new ConcurrentHashMap<>();
    private final Set<String> streamConsumed = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> refusedTyped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusedOtherwise = new ConcurrentHashMap<>();
    private final List<String> refusalFailures = new CopyOnWriteArrayList<>();
    /** Keys the refused commands would have written: none may exist afterwards. */
    private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
    /** Redis error replies callers saw, by kind (none of {@link #TOPOLOGY_REPLIES} may reach them). */
    private final Map<String, LongAdder> errorReplies = new ConcurrentHashMap<>();

    /**
     * @param tag the hash tag (e.g. {@code {busy}}) of the slot the fault aims at: the script, the lists, the stream and
     *            half the plain keys live there
     */
    public ClusterMixedWorkload(SharedRedis redis, String tag) {
        this.redis = redis;
        this.tag = tag;
        this.timeout = redis.settings().commandTimeout();
        this.longTimeout = timeout.plusSeconds(2);
        this.counter = tag + "wl:script:counter";
        this.log = tag + "wl:script:log";
        this.jobs = tag + "wl:jobs";
        this.stream = tag + "wl:stream";
    }

    /** Opens the subscriber and the consumer connections and starts every actor. */
    public void start() {
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        actors.own(channel.subscribe(redis));
        for (int t = 0; t < 2; t++) {
            int id = t;
            actors.start("plain-" + t, seq -> plain("plain", id, seq, timeout, key -> redis.sync().set(key, "v:" + key)));
        }
        actors.start("reactive", seq -> plain("reactive", 2, seq, timeout,
                key -> redis.reactive().set(key, "v:" + key).block(timeout.plusSeconds(1))));
        actors.start("own-timeout", seq -> plain("own-timeout", 3, seq, longTimeout,
                key -> redis.withTimeout(longTimeout).sync().set(key, "v:" + key)));
        actors.start("pipeline", this::pipeline);
        actors.start("script", this::script);
        actors.start("publisher", seq -> channel.publish(redis, ledger, timeout, seq));
        actors.start("job-producer", this::produceJob);
        for (int c = 0; c < 2; c++) {
            DedicatedConnection consumer = MixedWorkload.opened(redis::dedicated);
            actors.own(consumer);
            actors.start("job-consumer-" + c, seq -> consumeJob(consumer));
        }
        actors.start("stream-producer", this::produceStream);
        DedicatedConnection streamConsumer = MixedWorkload.opened(redis::dedicated);
        actors.own(streamConsumer);
        actors.start("stream-consumer", seq -> consumeStream(streamConsumer));
        DedicatedConnection refusals = MixedWorkload.opened(redis::dedicated);
        actors.own(refusals);
        actors.start("refusals", seq -> refusal(refusals, seq));
    }

    /** Half the keys under the tag (the fault's slot), half spread over the cluster. */
    private String plainKey(int id, long seq) {
        return (seq % 2 == 0 ? tag : "") + "wl:plain:" + id + ":" + seq;
    }

    private void plain(String actor, int id, long seq, Duration ownTimeout, Function<String, String> set) {
        String key = plainKey(id, seq);
        var r = recorded(ledger.call(actor, ownTimeout, () -> set.apply(key)));
        switch (r.outcome()) {
            case OK -> ackedAt.put(key, System.nanoTime());
            case NOT_SENT -> notSentKeys.put(key, actor);
            default -> { }
        }
        if (r.ok() && seq % 3 == 0) {
            var read = recorded(ledger.call(actor, timeout, () -> MixedWorkload.joined(redis.async().get(key).toCompletableFuture())));
            if (read.ok() && read.value() != null && !read.value().equals("v:" + key)) {
                misdelivered("GET " + key + " answered " + read.value());
            }
        }
    }

    /** 10 SETs in one batch, over several nodes: the tagged ones go to the fault's slot, the others anywhere. */
    private void pipeline(long seq) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add((i % 3 == 0 ? tag : "") + "wl:pipe:" + seq + ":" + i);
        }
        var r = recorded(ledger.call("pipeline", timeout, () -> redis.pipeline(batch -> keys.forEach(k -> batch.set(k, "v:" + k)))));
        if (r.outcome() == CallLedger.Outcome.NOT_SENT) {
            keys.forEach(k -> notSentKeys.put(k, "pipeline"));
        }
        if (!r.ok()) {
            return;
        }
        List<Object> replies = r.value();
        if (replies.size() != keys.size()) {
            misdelivered("pipeline of " + keys.get(0) + ".. answered " + replies);
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < keys.size(); i++) {
            Object reply = replies.get(i);
            if ("OK".equals(reply)) {
                ackedAt.put(keys.get(i), now);
            } else if (reply instanceof Throwable error) {
                // a server's error reply to this very SET (CLUSTERDOWN, TRYAGAIN): a failed command, counted by kind
                errorReplies.computeIfAbsent(replyKind(error), k -> new LongAdder()).increment();
            } else {
                misdelivered("pipeline of " + keys.get(0) + ".. answered " + replies);
                return;
            }
        }
    }

    /** The cluster's transaction: INCR and RPUSH of a unique id in one script, both keys in one slot. */
    private void script(long seq) {
        String id = "s:" + seq;
        var r = recorded(ledger.call("script", timeout, () -> redis.sync().<Long>eval(SCRIPT, ScriptOutputType.INTEGER,
                new String[]{counter, log}, id)));
        if (r.ok()) {
            scriptAckedAt.put(id, System.nanoTime());
        } else if (r.outcome() == CallLedger.Outcome.NOT_SENT) {
            scriptNotSent.add(id);
        }
    }

    private void produceJob(long seq) {
        String job = "job:" + seq;
        var r = recorded(ledger.call("jobs", timeout, () -> redis.sync().lpush(jobs, job)));
        if (r.ok()) {
            jobsAckedAt.put(job, System.nanoTime());
        } else if (r.outcome() == CallLedger.Outcome.NOT_SENT) {
            jobsNotSent.add(job);
        }
    }

    private void consumeJob(DedicatedConnection consumer) {
        var r = recorded(ledger.call("jobs-blocking", timeout.plusSeconds(1), () -> consumer.sync().brpop(1, jobs)));
        if (r.ok() && r.value() != null) {
            KeyValue<String, String> kv = r.value();
            long now = System.nanoTime();
            Long first = jobsConsumedAt.putIfAbsent(kv.getValue(), now);
            if (!jobs.equals(kv.getKey())) {
                misdelivered("BRPOP " + jobs + " answered from " + kv.getKey());
            } else if (first != null) {
                secondPops.add(new long[]{first, now});   // judged in verify: a pop the server lost, or a replayed LPUSH
            }
        } else if (r.outcome() == CallLedger.Outcome.UNKNOWN) {
            jobsUnknownPops.incrementAndGet();   // a pop whose reply was lost: the job may be gone (at-most-once)
        }
    }

    private void produceStream(long seq) {
        var r = recorded(ledger.call("stream", timeout, () -> redis.sync().xadd(stream, "n", String.valueOf(seq))));
        if (r.ok()) {
            streamAckedAt.put(r.value(), System.nanoTime());
        }
    }

    private void consumeStream(DedicatedConnection consumer) {
        var r = recorded(ledger.call("stream-blocking", timeout.plusMillis(500), () -> consumer.sync().xreadgroup(Consumer.from(GROUP, "c1"),
                XReadArgs.Builder.block(500).count(20), XReadArgs.StreamOffset.lastConsumed(stream))));
        if (r.ok() && r.value() != null) {
            for (StreamMessage<String, String> m : r.value()) {
                if (!stream.equals(m.getStream())) {
                    misdelivered("XREADGROUP " + stream + " answered from " + m.getStream());
                }
                streamConsumed.add(m.getId());
                recorded(ledger.call("stream", timeout, () -> consumer.sync().xack(stream, GROUP, m.getId())));
            }
        }
    }

    /** One of the refusals, in turn, every ~20 ms: each must throw its typed exception, whatever the fault is doing. */
    private void refusal(DedicatedConnection dedicated, long seq) {
        if (seq % 10 != 0) {
            return;
        }
        long n = seq / 10;
        // two keys that hash to different slots, for the multi-key refusals
        String a = "{a}wl:refused:" + n;
        String b = "{b}wl:refused:" + n;
        switch ((int) (n % 9)) {
            case 0 -> refused("transaction()", CommandRefusedException.class, () -> redis.transaction(tx -> {
                tx.multi();
                tx.sync().set(a, "x");
                return null;
            }), a);
            case 1 -> refused("MULTI (shared)", CommandRefusedException.class, () -> redis.sync().multi());
            case 2 -> refused("SELECT (shared)", CommandRefusedException.class, () -> redis.sync().select(1));
            case 3 -> refused("BLPOP (shared)", CommandRefusedException.class, () -> redis.sync().blpop(1, tag + "wl:refused:list"));
            case 4 -> {
                Map<String, String> spread = new LinkedHashMap<>();
                spread.put(a, "x");
                spread.put(b, "x");
                refused("MSET across slots", CrossSlotException.class, () -> redis.sync().mset(spread), a, b);
            }
            case 5 -> refused("EVAL across slots", CrossSlotException.class, () -> redis.sync().eval(SCRIPT, ScriptOutputType.INTEGER,
                    new String[]{a, b}, "x"), a, b);
            case 6 -> refused("clientSideCache()", CommandRefusedException.class, redis::clientSideCache);
            case 7 -> refused("setAutoFlushCommands (shared)", CommandRefusedException.class,
                    () -> redis.connection().setAutoFlushCommands(false));
            default -> refused("MULTI (dedicated)", CommandRefusedException.class, () -> dedicated.sync().multi());
        }
    }

    private void refused(String what, Class<? extends RuntimeException> expected, Runnable call, String... wouldWrite) {
        refusedKeys.addAll(List.of(wouldWrite));
        try {
            call.run();
            refusalFailed(what, "went through");
        } catch (RuntimeException e) {
            if (expected.isInstance(e) && e.getMessage() != null && e.getMessage().contains("nothing was sent")) {
                refusedTyped.computeIfAbsent(what, k -> new LongAdder()).increment();
            } else {
                refusalFailed(what, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private void refusalFailed(String what, String how) {
        refusedOtherwise.computeIfAbsent(what, k -> new LongAdder()).increment();
        if (refusalFailures.size() < 20) {
            refusalFailures.add(what + " " + how);
        }
    }

    /** Counts the Redis error reply a call ended with, by kind. */
    private <T> CallLedger.Result<T> recorded(CallLedger.Result<T> r) {
        if (r.outcome() == CallLedger.Outcome.ERROR) {
            errorReplies.computeIfAbsent(replyKind(r.error()), k -> new LongAdder()).increment();
        }
        return r;
    }

    private static String replyKind(Throwable error) {
        String first = CallLedger.replyKind(error);
        return first.matches("[A-Z]{3,}") ? first : error.getClass().getSimpleName();
    }

    /** Stops every actor (bounded) and returns how many calls or actors did not finish in {@code bound}. */
    public long stop(Duration bound) {
        return Math.max(actors.stop(bound), ledger.runningLongerThan(bound));
    }

    /** After recovery: a message published now is heard (the subscriber resubscribed), within {@code within}. */
    public boolean resubscribed(Duration within) {
        return channel.resubscribed(redis, System.nanoTime() + within.toNanos());
    }

    /** Whether a write to the fault's slot is acknowledged now (tried until {@code within} passed). */
    public boolean writesToTheTagSucceed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                redis.sync().set(tag + "wl:probe", "ok");
                return true;
            } catch (RuntimeException e) {
                MixedWorkload.sleep(50);
            }
        }
        return false;
    }

    /**
     * Checks every invariant against the cluster itself.
     *
     * @param settledNanos    acknowledgements before this may have been lost by the server (see the class comment)
     * @param writesRecovered what {@link #writesToTheTagSucceed(Duration)} said after the fault
     */
    public ClusterWorkloadVerdict verify(Reader reader, long settledNanos, long hung, boolean writesRecovered, boolean resubscribed) {
        Losses losses = new Losses(settledNanos);
        Map<String, Long> phantoms = new TreeMap<>();
        List<String> acked = new ArrayList<>(ackedAt.keySet());
        List<String> values = reader.get(acked);
        for (int i = 0; i < acked.size(); i++) {
            if (!("v:" + acked.get(i)).equals(values.get(i))) {
                losses.missing(ackedAt.get(acked.get(i)));
            }
        }
        Map<String, String> neverSent = new HashMap<>(notSentKeys);
        refusedKeys.forEach(k -> neverSent.put(k, "refused"));
        List<String> neverSentKeys = new ArrayList<>(neverSent.keySet());
        List<String> found = reader.get(neverSentKeys);
        for (int i = 0; i < neverSentKeys.size(); i++) {
            if (found.get(i) != null) {
                phantoms.merge(neverSent.get(neverSentKeys.get(i)), 1L, Long::sum);
            }
        }

        // the script: every acknowledged id once in the log, no "not sent" id there, the counter in step with the log
        List<String> logged = MixedWorkload.lines(reader.onTagPrimary("LRANGE", log, "0", "-1"));
        Map<String, Integer> times = new HashMap<>();
        logged.forEach(id -> times.merge(id, 1, Integer::sum));
        scriptAckedAt.forEach((id, at) -> {
            if (!times.containsKey(id)) {
                losses.missing(at);
            }
        });
        phantoms.merge("script", scriptNotSent.stream().filter(times::containsKey).count(), Long::sum);
        long replayed = times.values().stream().filter(c -> c > 1).count();
        long notAtomic = MixedWorkload.parseLong(reader.onTagPrimary("GET", counter)) == logged.size() ? 0 : 1;

        // jobs: every acknowledged job consumed or still queued, save pops whose reply was lost
        Set<String> queued = Set.copyOf(MixedWorkload.lines(reader.onTagPrimary("LRANGE", jobs, "0", "-1")));
        List<Long> missingJobs = new ArrayList<>();
        jobsAckedAt.forEach((job, at) -> {
            if (!jobsConsumedAt.containsKey(job) && !queued.contains(job)) {
                missingJobs.add(at);
            }
        });
        missingJobs.sort(null);
        // the pops whose outcome is unknown may have taken the newest missing ones: excuse as many
        for (int i = 0; i < missingJobs.size() - jobsUnknownPops.get(); i++) {
            losses.missing(missingJobs.get(i));
        }
        phantoms.merge("jobs", jobsNotSent.stream().filter(j -> jobsConsumedAt.containsKey(j) || queued.contains(j)).count(), Long::sum);
        // a job popped twice: the server lost the first pop (popped before it settled) or an LPUSH was replayed
        long poppedTwiceByServer = secondPops.stream().filter(p -> p[0] < settledNanos).count();
        replayed += secondPops.size() - poppedTwiceByServer;

        Set<String> inStream = ids(reader.onTagPrimary("XRANGE", stream, "-", "+"));
        try {
            inStream.addAll(ids(reader.onTagPrimary("XPENDING", stream, GROUP, "-", "+", "1000000")));
        } catch (RuntimeException e) {
            // NOGROUP: the server lost the group with the slot (both copies killed) and XADD made a new stream since
        }
        streamAckedAt.forEach((id, at) -> {
            if (!streamConsumed.contains(id) && !inStream.contains(id)) {
                losses.missing(at);
            }
        });
        channel.checkHeardWerePublished();

        long raw = errorReplies.entrySet().stream().filter(e -> TOPOLOGY_REPLIES.contains(e.getKey()))
                .mapToLong(e -> e.getValue().sum()).sum();
        Map<String, String> calls = new TreeMap<>();
        ledger.byActor().forEach((actor, c) -> calls.put(actor, "ok " + c.ok() + ", not sent " + c.notSent() + ", unknown " + c.unknown()
                + ", other " + c.otherErrors() + (c.errorTypes().isEmpty() ? "" : " " + c.errorTypes())));
        Map<String, String> refusals = new TreeMap<>();
        refusedTyped.forEach((what, n) -> refusals.put(what, n.sum() + " refused typed"));
        refusedOtherwise.forEach((what, n) -> refusals.merge(what, n.sum() + " NOT refused typed", (x, y) -> x + ", " + y));
        phantoms.values().removeIf(n -> n == 0);
        return new ClusterWorkloadVerdict(losses.lost, losses.lostByServer, phantoms, replayed, poppedTwiceByServer, notAtomic,
                misdelivered.get(), List.copyOf(misdeliveries), hung, refusedOtherwise.values().stream().mapToLong(LongAdder::sum).sum(),
                List.copyOf(refusalFailures), raw, writesRecovered, resubscribed, channel.gapsReported(), ledger.total(CallLedger.Counts::failedBeforeOwnTimeout),
                calls, refusals, sums(errorReplies));
    }

    /** Missing acknowledged writes, split by when they were acknowledged. */
    private static final class Losses {
        final long settledNanos;
        long lost;
        long lostByServer;

        Losses(long settledNanos) {
            this.settledNanos = settledNanos;
        }

        void missing(long ackedAtNanos) {
            if (ackedAtNanos < settledNanos) {
                lostByServer++;
            } else {
                lost++;
            }
        }
    }

    private void misdelivered(String what) {
        if (misdelivered.incrementAndGet() <= 20) {
            misdeliveries.add(what);
        }
    }

    /** Closes the workload's own connections. */
    public void close() {
        actors.close();
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private static Set<String> ids(String text) {
        Set<String> into = new java.util.HashSet<>();
        MixedWorkload.collectIds(text, into);
        return into;
    }
}
