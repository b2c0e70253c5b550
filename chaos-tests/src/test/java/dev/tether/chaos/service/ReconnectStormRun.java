package dev.tether.chaos.service;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.proxy.FaultProxies;
import dev.tether.testkit.proxy.FaultProxy;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * The storm check: how many reconnect attempts per second tether makes while Redis is down, with
 * the service idle and with 8 and 64 threads writing (each write fails fast as "not sent"), against
 * a server refusing with "max number of clients reached" and against a closed port (a fault proxy
 * whose listener is disabled). Demand must not multiply attempts: busy ≤ 2 x idle. The busy threads'
 * writes are checked like every scenario's.
 */
final class ReconnectStormRun {
    static final Duration WINDOW = Duration.ofSeconds(3);
    /**
     * The windows in order: idle, 8 and 64 busy threads, idle again. The idle rate is the pacer's own
     * pace, which a loaded machine can only slow down (timers run late), never speed up: the larger of
     * the two idle windows is the baseline, so one slow idle window does not make a false alarm.
     */
    static final String IDLE = "idle";
    static final String IDLE_AGAIN = "idle again";
    private static final Map<String, Integer> WINDOWS = windows();

    private static Map<String, Integer> windows() {
        Map<String, Integer> w = new java.util.LinkedHashMap<>();
        w.put(IDLE, 0);
        w.put("8 busy threads", 8);
        w.put("64 busy threads", 64);
        w.put(IDLE_AGAIN, 0);
        return w;
    }

    /** The refusal a reconnect attempt meets. */
    enum Refusal {
        MAX_CLIENTS("max-clients"),
        CLOSED_PORT("closed port");

        final String id;

        Refusal(String id) {
            this.id = id;
        }
    }

    /** Attempts per window (by label), the busy threads' writes, the diagnoses seen. */
    record Result(Refusal refusal, Map<String, Integer> attempts, List<WriteVerdict> writes, List<DiagnosisCode> causes, ReportRow row) {
        /** The idle baseline: the larger of the two idle windows, at least 1. */
        int idle() {
            return Math.max(1, Math.max(attempts.get(IDLE), attempts.get(IDLE_AGAIN)));
        }

        int busy(int threads) {
            return attempts.get(threads + " busy threads");
        }
    }

    private interface Fault {
        void down() throws Exception;

        void up() throws Exception;
    }

    private final FaultProxies proxies;

    ReconnectStormRun(FaultProxies proxies) {
        this.proxies = proxies;
    }

    Result run(Refusal refusal) throws Exception {
        try (RedisServer server = RedisServer.plain().start(); TetherLog log = TetherLog.attach()) {
            if (refusal == Refusal.MAX_CLIENTS) {
                try (Jedis holder = new Jedis(server.host(), server.port())) {
                    holder.ping();
                    Fault fault = new Fault() {
                        @Override
                        public void down() {
                            holder.configSet("maxclients", "1"); // the holder keeps the one slot
                            holder.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal", "SKIPME", "yes");
                        }

                        @Override
                        public void up() {
                            holder.configSet("maxclients", "10000");
                        }
                    };
                    return measure(refusal, server, server.host(), server.port(), fault);
                }
            }
            try (FaultProxy proxy = proxies.proxyTo(server.host(), server.port())) {
                Fault fault = new Fault() {
                    @Override
                    public void down() throws Exception {
                        proxy.proxy().disable(); // open connections closed, the port refuses new ones
                    }

                    @Override
                    public void up() throws Exception {
                        proxy.proxy().enable();
                    }
                };
                return measure(refusal, server, proxy.clientHost(), proxy.clientPort(), fault);
            }
        }
    }

    private Result measure(Refusal refusal, RedisServer server, String host, int port, Fault fault) throws Exception {
        List<ConnectionEvent> failures = new CopyOnWriteArrayList<>();
        List<Long> failedAt = new CopyOnWriteArrayList<>();
        Map<String, Long> medianGapMillis = new java.util.LinkedHashMap<>();
        RedisSettings settings = RedisSettings.builder().host(host).port(port).commandTimeout(RedisSettings.DEFAULT_COMMAND_TIMEOUT).build();
        Map<String, Integer> attempts = new java.util.LinkedHashMap<>();
        List<WriteVerdict> writes = new ArrayList<>();
        try (SharedRedis redis = SharedRedis.builder(settings).listener(e -> {
            if (e.type() == ConnectionEvent.Type.RECONNECT_FAILED) {
                failures.add(e);
                failedAt.add(System.nanoTime());
            }
        }).start()) {
            redis.awaitReady(Duration.ofSeconds(15));
            for (Map.Entry<String, Integer> window : WINDOWS.entrySet()) {
                int threads = window.getValue();
                fault.down();
                await("the connection is dropped").atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);
                int before = failures.size();
                KeyWriters writers = threads == 0 ? null
                        : new KeyWriters(redis, "storm-" + refusal.name().toLowerCase() + "-" + threads, threads,
                        RedisSettings.DEFAULT_COMMAND_TIMEOUT.multipliedBy(2).plusSeconds(3)).start();
                Thread.sleep(WINDOW.toMillis()); // the measurement window itself, not a wait for a condition
                attempts.put(window.getKey(), failures.size() - before);
                medianGapMillis.put(window.getKey(), medianGapMillis(failedAt.subList(before, failedAt.size())));
                fault.up();
                await("the connection is back").atMost(Duration.ofSeconds(30)).until(() -> redis.state() == ConnectionState.CONNECTED);
                if (writers != null) {
                    Thread.sleep(300); // the busy threads' writes after recovery, to be checked with the rest
                    writes.add(writers.verify(server, writers.stop()));
                }
            }
        }
        List<DiagnosisCode> causes = failures.stream().map(e -> e.diagnosis().code()).distinct().toList();
        StringBuilder figures = new StringBuilder("attempts in " + WINDOW.toSeconds() + " s down: ");
        String sep = "";
        for (String label : WINDOWS.keySet()) {
            figures.append(sep).append(label).append(' ').append(attempts.get(label))
                    .append(String.format(" (%.1f/s, median gap %d ms)", attempts.get(label) / (WINDOW.toMillis() / 1000.0), medianGapMillis.get(label)));
            sep = ", ";
        }
        Result partial = new Result(refusal, attempts, writes, List.of(), null);
        int idle = partial.idle();
        figures.append(String.format("; busy/idle %.2f (8), %.2f (64)", partial.busy(8) / (double) idle, partial.busy(64) / (double) idle));
        Map<DiagnosisCode, Long> byCause = new TreeMap<>();
        failures.forEach(e -> byCause.merge(e.diagnosis().code(), 1L, Long::sum));
        figures.append("; causes ").append(byCause);
        failures.stream().filter(e -> !e.diagnosis().code().equals(refusal == Refusal.MAX_CLIENTS ? DiagnosisCode.MAX_CLIENTS : DiagnosisCode.TCP_REFUSED))
                .map(e -> e.diagnosis().code() + ": " + e.diagnosis().message()).distinct().limit(2)
                .forEach(m -> figures.append(" (").append(m).append(')'));
        long notSent = 0;
        for (WriteVerdict w : writes) {
            notSent += w.notSent();
        }
        figures.append("; busy writes not sent ").append(notSent);
        WriteVerdict total = sum(writes);
        String invariants = total.invariants() + ", busy ≤ 2 × idle: " + (partial.busy(8) <= 2 * idle && partial.busy(64) <= 2 * idle ? "yes" : "NO");
        return new Result(refusal, attempts, writes, causes, new ReportRow("storm (" + refusal.id + ")", "plain", figures.toString(), invariants));
    }

    private static long medianGapMillis(List<Long> times) {
        List<Long> copy = new ArrayList<>(times);
        if (copy.size() < 2) {
            return -1;
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < copy.size(); i++) {
            gaps.add(copy.get(i) - copy.get(i - 1));
        }
        gaps.sort(Long::compare);
        return gaps.get(gaps.size() / 2) / 1_000_000;
    }

    private static WriteVerdict sum(List<WriteVerdict> all) {
        long[] s = new long[10];
        for (WriteVerdict w : all) {
            long[] f = {w.acknowledged(), w.notSent(), w.refused(), w.unknown(), w.lost(), w.phantom(), w.misdelivered(), w.hung(),
                    w.failedBeforeOwnTimeout(), w.maxCallMillis()};
            for (int i = 0; i < s.length; i++) {
                s[i] = i == 9 ? Math.max(s[i], f[i]) : s[i] + f[i];
            }
        }
        return new WriteVerdict(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]);
    }
}
