package dev.tether.chaos.workload;

import dev.tether.redis.ClientSideCache;
import dev.tether.redis.DedicatedConnection;
import dev.tether.redis.RedisUnavailableException;
import dev.tether.redis.SharedRedis;
import dev.tether.redis.TransactionOutcome;
import dev.tether.testkit.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real service's mix on one {@link SharedRedis}: plain writers and readers, WATCH transactions,
 * pipelined batches, a Lua script, a pub/sub subscriber with a publisher, a client-side cache,
 * blocking list consumers and a stream consumer group on dedicated connections. {@link #verify}
 * checks the invariants over a direct admin connection to the server. Start, run a fault, stop,
 * verify; not reusable.
 */
public final class MixedWorkload {
    private static final String TX_COUNTER = "wl:tx:counter";
    private static final String TX_LOG = "wl:tx:log";
    private static final String SCRIPT_KEY = "wl:lua:counter";
    private static final String CHANNEL = "wl:chan";
    private static final String CACHE_KEY = "wl:cache:key";
    private static final String JOBS = "wl:jobs";
    private static final String STREAM = "wl:stream";
    private static final String GROUP = "wl:group";
    private static final Pattern STREAM_ID = Pattern.compile("\\d+-\\d+");

    private final SharedRedis redis;
    private final Duration timeout;
    private final CallLedger ledger = new CallLedger();
    private final WorkloadActors actors = new WorkloadActors();

    private final Set<String> ackedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> notSentKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong misdelivered = new AtomicLong();
    /** Pipelined SETs a restarted server answered with LOADING (reported in the log, not a misdelivery). */
    private final AtomicLong loadingReplies = new AtomicLong();
    private final List<String> misdeliveries = new CopyOnWriteArrayList<>();
    private final AtomicLong foreignInTx = new AtomicLong();
    private final AtomicLong scriptAcked = new AtomicLong();
    private final AtomicLong scriptUnknown = new AtomicLong();
    private final ChannelCheck channel = new ChannelCheck(CHANNEL, this::misdelivered);
    private final Set<String> jobsAcked = ConcurrentHashMap.newKeySet();
    private final Set<String> jobsNotSent = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> jobsConsumed = new ConcurrentHashMap<>();
    private final AtomicLong jobsUnknownPops = new AtomicLong();
    private final Set<String> streamAcked = ConcurrentHashMap.newKeySet();
    private final Set<String> streamConsumed = ConcurrentHashMap.newKeySet();
    private ClientSideCache cache;

    public MixedWorkload(SharedRedis redis) {
        this.redis = redis;
        this.timeout = redis.settings().commandTimeout();
    }

    /** Opens the subscriber, cache and consumer connections and starts every actor. */
    public void start() {
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(STREAM, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        actors.own(channel.subscribe(redis));
        cache = opened(redis::clientSideCache);
        actors.own(cache);

        for (int t = 0; t < 3; t++) {
            int id = t;
            actor("plain-" + t, seq -> plain(id, seq));
        }
        actor("transaction", this::transaction);
        actor("pipeline", this::pipeline);
        actor("lua", seq -> lua());
        actor("publisher", seq -> channel.publish(redis, ledger, timeout, seq));
        actor("cache", this::cacheRead);
        actor("job-producer", this::produceJob);
        for (int c = 0; c < 2; c++) {
            DedicatedConnection consumer = opened(redis::dedicated);
            actors.own(consumer);
            actor("job-consumer-" + c, seq -> consumeJob(consumer));
        }
        actor("stream-producer", this::produceStream);
        DedicatedConnection streamConsumer = opened(redis::dedicated);
        actors.own(streamConsumer);
        actor("stream-consumer", seq -> consumeStream(streamConsumer));
    }

    /**
     * Opens one of the workload's own connections before the fault, retried for up to 15 s: on a loaded machine a TLS
     * handshake can outlast the 2 s connect budget. The set-up is not what the run tests; the fault comes after it.
     */
    static <T> T opened(Supplier<T> open) {
        AtomicReference<T> connection = new AtomicReference<>();
        await("a connection of the workload's own").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).ignoreException(RedisUnavailableException.class)
                .until(() -> connection.compareAndSet(null, open.get()));
        return connection.get();
    }

    private void actor(String name, java.util.function.LongConsumer step) {
        actors.start(name, step);
    }

    private void plain(int id, long seq) {
        String key = "wl:plain:" + id + ":" + seq;
        var r = ledger.call("plain", timeout, () -> redis.sync().set(key, "v:" + key));
        switch (r.outcome()) {
            case OK -> ackedKeys.add(key);
            case NOT_SENT -> notSentKeys.add(key);
            default -> { }
        }
        if (r.ok() && seq % 3 == 0) {
            var read = ledger.call("plain", timeout, () -> joined(redis.async().get(key).toCompletableFuture()));
            if (read.ok() && read.value() != null && !read.value().equals("v:" + key)) {
                misdelivered("GET " + key + " answered " + read.value());
            }
        }
    }

    private void transaction(long seq) {
        var r = ledger.call("transaction", timeout, () -> redis.transaction(3, tx -> {
            tx.watch(TX_COUNTER);
            tx.sync().get(TX_COUNTER);
            tx.multi();
            tx.sync().incr(TX_COUNTER);
            tx.sync().rpush(TX_LOG, "t" + seq);
            return null;
        }));
        if (r.ok()) {
            TransactionOutcome<Object> outcome = r.value();
            if (outcome.committed() && outcome.results().size() != 2) {
                foreignInTx.incrementAndGet();
            }
        }
    }

    private void pipeline(long seq) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add("wl:pipe:" + seq + ":" + i);
        }
        var r = ledger.call("pipeline", timeout, () -> redis.pipeline(batch -> keys.forEach(k -> batch.set(k, "v:" + k))));
        if (r.ok()) {
            List<Object> replies = r.value();
            if (replies.size() != keys.size()) {
                misdelivered("pipeline of " + keys.get(0) + ".. answered " + replies);
                return;
            }
            for (int i = 0; i < keys.size(); i++) {
                Object reply = replies.get(i);
                if ("OK".equals(reply)) {
                    ackedKeys.add(keys.get(i));
                } else if (reply instanceof RedisLoadingException) {
                    // The restarted server's own error reply to this very SET (it was not executed): a failed call,
                    // not a misdelivery; the key is neither acknowledged nor "not sent", so it counts for neither check.
                    loadingReplies.incrementAndGet();
                } else {
                    misdelivered("pipeline of " + keys.get(0) + ".. answered " + replies);
                    return;
                }
            }
        }
    }

    private void lua() {
        var r = ledger.call("lua", timeout, () -> redis.sync().<Long>eval("return redis.call('INCR', KEYS[1])", ScriptOutputType.INTEGER,
                SCRIPT_KEY));
        if (r.ok()) {
            scriptAcked.incrementAndGet();
        } else if (r.outcome() == CallLedger.Outcome.UNKNOWN) {
            scriptUnknown.incrementAndGet();
        }
    }

    private void cacheRead(long seq) {
        if (seq % 10 == 0) {
            ledger.call("cache", timeout, () -> redis.sync().set(CACHE_KEY, "c" + seq));
        }
        ledger.call("cache", timeout, () -> cache.get(CACHE_KEY));
    }

    private void produceJob(long seq) {
        String job = "job:" + seq;
        var r = ledger.call("jobs", timeout, () -> redis.sync().lpush(JOBS, job));
        if (r.ok()) {
            jobsAcked.add(job);
        } else if (r.outcome() == CallLedger.Outcome.NOT_SENT) {
            jobsNotSent.add(job);
        }
    }

    private void consumeJob(DedicatedConnection consumer) {
        var r = ledger.call("jobs-blocking", timeout.plusSeconds(1), () -> consumer.sync().brpop(1, JOBS));
        if (r.ok() && r.value() != null) {
            KeyValue<String, String> kv = r.value();
            if (!JOBS.equals(kv.getKey())) {
                misdelivered("BRPOP " + JOBS + " answered from " + kv.getKey());
            } else if (jobsConsumed.merge(kv.getValue(), 1, Integer::sum) > 1) {
                misdelivered(kv.getValue() + " consumed twice");
            }
        } else if (r.outcome() == CallLedger.Outcome.UNKNOWN) {
            jobsUnknownPops.incrementAndGet();   // a pop whose reply was lost: the job may be gone (at-most-once)
        }
    }

    private void produceStream(long seq) {
        var r = ledger.call("stream", timeout, () -> redis.sync().xadd(STREAM, "n", String.valueOf(seq)));
        if (r.ok()) {
            streamAcked.add(r.value());
        }
    }

    private void consumeStream(DedicatedConnection consumer) {
        var r = ledger.call("stream-blocking", timeout.plusMillis(500), () -> consumer.sync().xreadgroup(Consumer.from(GROUP, "c1"),
                XReadArgs.Builder.block(500).count(20), XReadArgs.StreamOffset.lastConsumed(STREAM)));
        if (r.ok() && r.value() != null) {
            for (StreamMessage<String, String> m : r.value()) {
                if (!STREAM.equals(m.getStream())) {
                    misdelivered("XREADGROUP " + STREAM + " answered from " + m.getStream());
                }
                streamConsumed.add(m.getId());
                ledger.call("stream", timeout, () -> consumer.sync().xack(STREAM, GROUP, m.getId()));
            }
        }
    }

    /** Stops every actor (bounded) and returns how many calls or actors did not finish in {@code bound}. */
    public long stop(Duration bound) {
        return Math.max(actors.stop(bound), ledger.runningLongerThan(bound));
    }

    /** After recovery: the subscriber hears a new message, and the cache serves a value written now. */
    public boolean[] probeRecovery(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        boolean resubscribed = channel.resubscribed(redis, deadline);
        boolean fresh = false;
        String value = "final-" + System.nanoTime();
        while (!fresh && System.nanoTime() < deadline) {
            try {
                redis.sync().set(CACHE_KEY, value);
                long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (!fresh && System.nanoTime() < settle) {
                    fresh = value.equals(cache.get(CACHE_KEY)) || !sleep(20);
                }
            } catch (RuntimeException e) {
                sleep(50);
            }
        }
        return new boolean[]{resubscribed, fresh};
    }

    /** Checks every invariant against the server itself (direct admin connection, not through the proxy). */
    public WorkloadVerdict verify(RedisServer server, long hung, boolean[] recovery) {
        long lost = 0;
        long phantom = 0;
        // in chunks: one admin connection per command, and thousands of keys (a TLS handshake each would take minutes)
        List<String> acked = new ArrayList<>(ackedKeys);
        for (int i = 0; i < acked.size(); i += 500) {
            List<String> chunk = acked.subList(i, Math.min(acked.size(), i + 500));
            List<String> values = lines(server.command(prepend("MGET", chunk)));
            for (int k = 0; k < chunk.size(); k++) {
                if (k >= values.size() || !("v:" + chunk.get(k)).equals(values.get(k))) {
                    lost++;
                }
            }
        }
        List<String> neverSent = new ArrayList<>(notSentKeys);
        for (int i = 0; i < neverSent.size(); i += 500) {
            phantom += parseLong(server.command(prepend("EXISTS", neverSent.subList(i, Math.min(neverSent.size(), i + 500)))));
        }
        long counter = parseLong(server.command("GET", TX_COUNTER));
        long logLength = parseLong(server.command("LLEN", TX_LOG));
        long foreign = foreignInTx.get() + (counter == logLength ? 0 : 1);

        long script = parseLong(server.command("GET", SCRIPT_KEY));
        if (script < scriptAcked.get()) {
            lost += scriptAcked.get() - script;
        }
        if (script > scriptAcked.get() + scriptUnknown.get()) {
            phantom += script - scriptAcked.get() - scriptUnknown.get();
        }

        Set<String> remainingJobs = new HashSet<>(lines(server.command("LRANGE", JOBS, "0", "-1")));
        long jobsMissing = jobsAcked.stream().filter(j -> !jobsConsumed.containsKey(j) && !remainingJobs.contains(j)).count();
        lost += Math.max(0, jobsMissing - jobsUnknownPops.get());
        phantom += jobsNotSent.stream().filter(j -> jobsConsumed.containsKey(j) || remainingJobs.contains(j)).count();

        Set<String> unconsumed = new HashSet<>();
        collectIds(server.command("XRANGE", STREAM, "-", "+"), unconsumed);
        Set<String> pendingOrNew = new HashSet<>();
        collectIds(server.command("XPENDING", STREAM, GROUP, "-", "+", "1000000"), pendingOrNew);
        lost += streamAcked.stream().filter(id -> !streamConsumed.contains(id) && !unconsumed.contains(id) && !pendingOrNew.contains(id)).count();

        channel.checkHeardWerePublished();
        Map<String, String> calls = new java.util.TreeMap<>();
        ledger.byActor().forEach((actor, c) -> calls.put(actor, "ok " + c.ok() + ", not sent " + c.notSent() + ", unknown " + c.unknown()
                + ", other " + c.otherErrors() + (c.errorTypes().isEmpty() ? "" : " " + c.errorTypes())));
        if (loadingReplies.get() > 0) {
            calls.put("pipelined SETs", loadingReplies.get() + " answered LOADING by the restarted server");
        }
        return new WorkloadVerdict(lost, phantom, misdelivered.get(), List.copyOf(misdeliveries), hung, foreign, recovery[1] ? 0 : 1, recovery[0], channel.gapsReported(),
                ledger.total(CallLedger.Counts::failedBeforeOwnTimeout), calls);
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

    /** The async view's value, or its failure as thrown by the sync view (not wrapped in a CompletionException). */
    static <T> T joined(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    static void collectIds(String text, Set<String> into) {
        if (text == null) {
            return;
        }
        Matcher m = STREAM_ID.matcher(text);
        while (m.find()) {
            into.add(m.group());
        }
    }

    private static String[] prepend(String command, List<String> args) {
        String[] all = new String[args.size() + 1];
        all[0] = command;
        for (int i = 0; i < args.size(); i++) {
            all[i + 1] = args.get(i);
        }
        return all;
    }

    static List<String> lines(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.split("\n"));
    }

    static long parseLong(String s) {
        return s == null || s.isBlank() ? 0 : Long.parseLong(s.trim());
    }

    static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
