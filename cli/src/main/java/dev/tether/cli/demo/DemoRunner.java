package dev.tether.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs the demo: local Redis behind a fault proxy, a job queue's workers on one {@link SharedRedis},
 * then the fault script ({@link Fault}) with a live status, then a drain and the summary. Every
 * process and port it opens is closed before {@link #run()} returns, and by a shutdown hook on
 * Ctrl-C. One run per instance; not thread-safe.
 */
public final class DemoRunner {
    private static final int WORKERS = 4;
    private static final int JOBS_PER_SECOND = 300;
    private static final String QUEUE = "tether-demo:jobs";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Stopping the workers and closing everything after the drain, inside the duration. */
    private static final long CLEANUP_RESERVE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The run's timing, derived from the command timeout {@code T} and the {@code --duration}.
     *
     * @param warmup       traffic before the first fault
     * @param settle       traffic after each recovery
     * @param outageHold   how long Redis is unreachable
     * @param slowHold     how long latency and stall last (at least 1.5 T, so both are detected)
     * @param claimIdle    the worker's claim idle time (3 T, its minimum)
     * @param drainReserve time kept at the end for reclaiming and finishing jobs
     */
    public record Plan(Duration warmup, Duration settle, Duration outageHold, Duration slowHold, Duration claimIdle, Duration drainReserve) {
        /** A plan for command timeout {@code commandTimeout}: roomier when {@code duration} allows. */
        public static Plan of(Duration commandTimeout, Duration duration) {
            boolean roomy = duration.compareTo(Duration.ofSeconds(30)) >= 0;
            Duration slow = max(commandTimeout.multipliedBy(3).dividedBy(2), Duration.ofMillis(roomy ? 3000 : 1500));
            Duration claimIdle = commandTimeout.multipliedBy(3);
            Duration steady = Duration.ofMillis(roomy ? 2000 : 500);
            return new Plan(steady, steady, Duration.ofSeconds(3), slow, claimIdle, claimIdle.plusSeconds(roomy ? 2 : 1));
        }

        /** The shortest {@code --duration} this plan fits in, with half a second per recovery and one for cleanup. */
        public Duration minimum() {
            return Duration.ofSeconds(1).plus(warmup).plus(settle.multipliedBy(4)).plusMillis(4 * 500 + 200).plus(outageHold).plus(slowHold.multipliedBy(2)).plus(drainReserve);
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }

    private final RedisSettings baseSettings;
    private final boolean commandTimeoutIsDemoDefault;
    private final Duration duration;
    private final Plan plan;
    private final boolean tty;
    private final PrintWriter progress;

    private final long start = System.nanoTime();
    private final AtomicInteger recoveries = new AtomicInteger();
    private final AtomicLong downSince = new AtomicLong();
    private final AtomicLong firstDownEvent = new AtomicLong();
    private volatile long eventMarker = Long.MAX_VALUE;
    private volatile String phase = "starting";
    private StatusLine status;

    /**
     * @param settings                    resolved settings; host, port, TLS and credentials are replaced by the local proxy's
     * @param commandTimeoutIsDemoDefault whether the command timeout is the demo's choice rather than the user's
     * @param duration                    upper bound for the whole run
     * @param tty                         redraw one status line in place
     * @param progress                    where the live output goes
     */
    public DemoRunner(RedisSettings settings, boolean commandTimeoutIsDemoDefault, Duration duration, boolean tty, PrintWriter progress) {
        this.baseSettings = Objects.requireNonNull(settings, "settings");
        this.commandTimeoutIsDemoDefault = commandTimeoutIsDemoDefault;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.plan = Plan.of(settings.commandTimeout(), duration);
        this.tty = tty;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs the demo and returns its summary. {@code duration} bounds the run from the moment Redis,
     * the proxy and the workers are up; starting them (a second or two, longer on a loaded machine)
     * comes first and is bounded by their own timeouts.
     */
    public DemoSummary run() throws IOException {
        Map<String, Level> quieted = quietLogs(); // the demo prints connection events itself, above its status line
        List<AutoCloseable> open = new ArrayList<>();
        Thread hook = new Thread(() -> { // Ctrl-C: nothing may outlive the demo
            closeAll(open);
            progress.println();
            progress.println("interrupted: workers, connection, proxy and redis-server stopped");
            progress.flush();
        }, "tether-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoStack stack = DemoStack.start();
            open.add(stack);
            long redisPid = stack.redisPid();
            RedisSettings settings = baseSettings.toBuilder().host("127.0.0.1").port(stack.proxyPort()).tls(false)
                    .username(null).password(Secret.empty()).tlsCaFile(null).build();
            Duration timeout = settings.commandTimeout();
            progress.printf("redis-server (%s) pid %d on 127.0.0.1:%d, behind a Toxiproxy-compatible proxy on 127.0.0.1:%d (API %s)%n",
                    stack.redisBinary(), stack.redisPid(), stack.redisPort(), stack.proxyPort(), stack.toxiproxyUrl());
            progress.printf("shared connection to %s, command timeout %d ms%s; %d workers on stream %s, %d jobs/s%n", settings.redactedUri(),
                    timeout.toMillis(), commandTimeoutIsDemoDefault ? " (demo default; set REDIS_COMMAND_TIMEOUT to try yours)" : " (from your config)",
                    WORKERS, QUEUE, JOBS_PER_SECOND);
            progress.flush();

            SharedRedis redis = SharedRedis.builder(settings).reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(500))
                    .listener(this::onEvent).start();
            open.add(0, redis);
            redis.awaitReady(Duration.ofSeconds(10));
            JobStream queue = new JobStream(redis, QUEUE);
            Workers workers = Workers.start(queue, WORKERS, plan.claimIdle());
            open.add(0, workers);
            Producer producer = new Producer(queue, JOBS_PER_SECOND);
            open.add(0, producer);
            Probe probe = new Probe(redis);
            open.add(0, probe);
            status = new StatusLine(progress, tty, statusText(redis, workers), start);
            open.add(0, status);
            long scriptStart = System.nanoTime();
            long deadline = scriptStart + duration.toNanos();

            phase = "warm-up";
            waitUntil(() -> false, System.nanoTime() + plan.warmup().toNanos());
            List<FaultReport> faults = new ArrayList<>();
            for (Fault fault : Fault.values()) {
                long needed = (fault == Fault.OUTAGE ? plan.outageHold() : fault == Fault.RESET ? Duration.ofMillis(500) : plan.slowHold())
                        .plus(plan.settle()).plusMillis(500).toNanos();
                long latestStart = deadline - CLEANUP_RESERVE_NANOS - plan.drainReserve().toNanos() - needed;
                faults.add(System.nanoTime() - latestStart > 0 ? skipped(fault, timeout) : inject(fault, stack, probe, timeout, deadline));
            }

            phase = "drain";
            producer.close();
            Map<String, Long> confirmed = Map.copyOf(producer.confirmed());
            boolean drained = waitUntil(() -> drained(queue, confirmed.keySet()), deadline - CLEANUP_RESERVE_NANOS);
            Set<String> unfinished = drained ? Set.of() : unfinishedOrAll(queue, confirmed.keySet());
            workers.stop(Duration.ofSeconds(2));

            List<FaultReport> reports = attributeLosses(faults, confirmed, unfinished);
            long handled = workers.runs();
            closeAll(open);
            open.clear();
            boolean redisGone = ProcessHandle.of(redisPid).map(p -> !p.isAlive()).orElse(true);
            return new DemoSummary(reports, confirmed.size(), unfinished.size(), Math.max(0, handled - confirmed.size()), workers.reclaimed(),
                    recoveries.get(), timeout.toMillis(), redisPid, redisGone, elapsedMs(scriptStart), elapsedMs(System.nanoTime()));
        } finally {
            closeAll(open);
            restoreLogs(quieted);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook is running or has run.
            }
        }
    }

    private FaultReport inject(Fault fault, DemoStack stack, Probe probe, Duration timeout, long deadline) throws IOException {
        String detail = detail(fault, timeout);
        phase = fault.label() + " on";
        long injectedAt = System.nanoTime();
        firstDownEvent.set(0);
        eventMarker = injectedAt;
        probe.mark(injectedAt);
        status.event("inject " + fault.label() + ": " + detail + " (" + fault.description() + ")");
        fault.inject(stack.proxy(), timeout);

        long holdUntil = injectedAt + (fault == Fault.OUTAGE ? plan.outageHold() : plan.slowHold()).toNanos();
        if (fault == Fault.RESET) { // a reset is over once it has hit: keep it only until it is seen
            waitUntil(() -> firstDownEvent.get() != 0 || probe.firstFailure() != 0, injectedAt + TimeUnit.SECONDS.toNanos(2));
        } else {
            waitUntil(() -> false, holdUntil);
        }
        long detectedAt = earliest(firstDownEvent.get(), probe.firstFailure());
        long clearedAt = System.nanoTime();
        probe.mark(clearedAt);
        fault.clear(stack.proxy());
        status.event("clear " + fault.label());
        phase = fault.label() + " cleared";

        boolean recovered = waitUntil(() -> probe.firstSuccess() != 0, Math.min(deadline, clearedAt + TimeUnit.SECONDS.toNanos(10)));
        Long recoveredMs = recovered ? TimeUnit.NANOSECONDS.toMillis(probe.firstSuccess() - clearedAt) : null;
        status.event(fault.label() + ": " + (detectedAt == 0 ? "not detected" : "detected after " + ms(detectedAt - injectedAt))
                + ", " + (recovered ? "recovered " + recoveredMs + " ms after clearing" : "NOT recovered"));
        phase = "steady";
        waitUntil(() -> false, System.nanoTime() + plan.settle().toNanos());
        return new FaultReport(fault, detail, true, elapsedMs(injectedAt), TimeUnit.NANOSECONDS.toMillis(clearedAt - injectedAt),
                detectedAt == 0 ? null : TimeUnit.NANOSECONDS.toMillis(detectedAt - injectedAt), recoveredMs, 0, 0);
    }

    private FaultReport skipped(Fault fault, Duration timeout) {
        status.event("skip " + fault.label() + ": not enough time left in --duration " + duration.toSeconds() + "s");
        return new FaultReport(fault, detail(fault, timeout), false, elapsedMs(System.nanoTime()), 0, null, null, 0, 0);
    }

    private String detail(Fault fault, Duration timeout) {
        return switch (fault) {
            case RESET -> "TCP RST on every connection";
            case OUTAGE -> plan.outageHold().toSeconds() + " s";
            case LATENCY -> (timeout.toMillis() + 500) + " ms per reply for " + ms(plan.slowHold().toNanos());
            case STALL -> "0 bytes/s both ways for " + ms(plan.slowHold().toNanos());
        };
    }

    /** Splits the confirmed jobs by the fault window they were submitted in; the warm-up counts with the first. */
    private List<FaultReport> attributeLosses(List<FaultReport> faults, Map<String, Long> confirmed, Set<String> unfinished) {
        List<FaultReport> out = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            FaultReport f = faults.get(i);
            long from = i == 0 ? Long.MIN_VALUE : start + TimeUnit.MILLISECONDS.toNanos(f.startedAtMs());
            long to = i + 1 < faults.size() ? start + TimeUnit.MILLISECONDS.toNanos(faults.get(i + 1).startedAtMs()) : Long.MAX_VALUE;
            int submitted = 0;
            int lost = 0;
            for (Map.Entry<String, Long> e : confirmed.entrySet()) {
                long t = e.getValue();
                if ((from == Long.MIN_VALUE || t - from >= 0) && (to == Long.MAX_VALUE || t - to < 0)) {
                    submitted++;
                    lost += unfinished.contains(e.getKey()) ? 1 : 0;
                }
            }
            out.add(new FaultReport(f.fault(), f.detail(), f.ran(), f.startedAtMs(), f.heldMs(), f.detectedMs(), f.recoveredMs(), submitted, lost));
        }
        return out;
    }

    private static boolean drained(JobStream queue, Set<String> confirmed) {
        try {
            return queue.pending() == 0 && queue.unfinished(confirmed).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Set<String> unfinishedOrAll(JobStream queue, Set<String> confirmed) {
        try {
            return queue.unfinished(confirmed);
        } catch (RuntimeException e) {
            return confirmed; // cannot tell: count none as processed
        }
    }

    private void onEvent(ConnectionEvent event) {
        long now = System.nanoTime();
        switch (event.type()) {
            case DISCONNECTED, STALLED -> {
                downSince.compareAndSet(0, now);
                if (now - eventMarker >= 0) {
                    firstDownEvent.compareAndSet(0, now);
                }
                if (status != null) {
                    status.event((event.type() == ConnectionEvent.Type.STALLED ? "stalled" : "connection lost") + ": "
                            + (event.diagnosis() == null ? "" : event.diagnosis().code() + " (" + event.diagnosis().message() + ")"));
                }
            }
            case RECOVERED -> {
                downSince.set(0);
                recoveries.incrementAndGet();
                if (status != null) {
                    status.event("reconnected: the connection was down " + event.outage().toMillis() + " ms");
                }
            }
            default -> {
            }
        }
    }

    private java.util.function.Supplier<String> statusText(SharedRedis redis, Workers workers) {
        ArrayDeque<long[]> samples = new ArrayDeque<>();
        return () -> {
            long now = System.nanoTime();
            long done = workers.finished();
            samples.addLast(new long[]{now, done});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > TimeUnit.SECONDS.toNanos(1)) {
                samples.pollFirst();
            }
            long[] first = samples.peekFirst();
            double perSecond = now == first[0] ? 0 : (done - first[1]) * 1e9 / (now - first[0]);
            ConnectionState state = redis.state();
            long down = downSince.get();
            String connection = state == ConnectionState.CONNECTED ? "up"
                    : down != 0 ? String.format("down %.1fs", (now - down) / 1e9) : state.name().toLowerCase(Locale.ROOT);
            // Fits 80 columns: a wrapped line cannot be redrawn with a carriage return.
            return String.format("%-14.14s %-11s %4.0f jobs/s  done %-6d %d recoveries", phase, connection, perSecond, done, recoveries.get());
        };
    }

    /** Polls {@code condition} until it holds or {@code deadline} ({@code System.nanoTime()}) passes. */
    private static boolean waitUntil(BooleanSupplier condition, long deadline) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    private static long earliest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    private long elapsedMs(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime - start);
    }

    private static String ms(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis >= 1000 && millis % 100 == 0 ? (millis / 1000.0) + " s" : millis + " ms";
    }

    private static synchronized void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable resource : List.copyOf(open)) {
            try {
                resource.close();
            } catch (Exception e) {
                // Keep closing the rest: every process and port must go.
            }
        }
    }

    private static Map<String, Level> quietLogs() {
        Map<String, Level> previous = new HashMap<>();
        for (String name : List.of("dev.tether.redis", "dev.tether.testkit")) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                previous.put(name, logger.getLevel());
                logger.setLevel(Level.ERROR);
            }
        }
        return previous;
    }

    private static void restoreLogs(Map<String, Level> previous) {
        previous.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }
}
