package dev.tether.chaos.service;

import dev.tether.chaos.harness.Transport;
import dev.tether.config.RedisSettings;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A slow Lua script near the command timeout on the shared connection while writers run: two scripts
 * spinning 0.9 x the 1 s command timeout on the server (the server is busy, every other command waits
 * behind them), then one spinning 1.5 s sent with a 3 s per-call timeout ({@code withTimeout}).
 * Neither the scripts nor the writers' commands may fail before their own timeout, and the
 * connection must not be torn down as "stalled".
 */
final class SlowScriptRun {
    /** Busy-waits on the server for ARGV[1] microseconds of wall time (TIME is read-only; nothing is written). */
    private static final String SPIN = "local t0 = redis.call('TIME') local s = tonumber(t0[1]) * 1000000 + tonumber(t0[2]) "
            + "while true do local t = redis.call('TIME') if tonumber(t[1]) * 1000000 + tonumber(t[2]) - s >= tonumber(ARGV[1]) then break end end "
            + "return 'done'";
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration NEAR = Duration.ofMillis(900);
    static final Duration LONG = Duration.ofMillis(1500);
    static final Duration LONG_TIMEOUT = Duration.ofSeconds(3);

    /** One script call: how long it took and whether it failed before its own timeout. */
    record ScriptCall(Duration spin, Duration ownTimeout, long tookMillis, String outcome, boolean failedEarly) {
    }

    record Result(WriteVerdict writes, List<ScriptCall> scripts, long drops, long leaks, ReportRow row) {
        long failedBeforeOwnTimeout() {
            return writes.failedBeforeOwnTimeout() + scripts.stream().filter(ScriptCall::failedEarly).count();
        }
    }

    private final TestCertificates certificates;

    SlowScriptRun(TestCertificates certificates) {
        this.certificates = certificates;
    }

    Result run(Transport transport) throws Exception {
        RedisServer.Builder b = RedisServer.builder();
        if (transport == Transport.TLS) {
            b.tls(certificates);
        }
        try (RedisServer server = b.start(); TetherLog log = TetherLog.attach()) {
            RedisSettings.Builder settings = RedisSettings.builder().host(server.host()).port(server.port()).commandTimeout(TIMEOUT);
            if (transport == Transport.TLS) {
                settings.tls(true).tlsCaFile(certificates.caFile());
            }
            List<ConnectionEvent> drops = new CopyOnWriteArrayList<>();
            try (SharedRedis redis = SharedRedis.builder(settings.build()).listener(e -> {
                if (e.type() == ConnectionEvent.Type.STALLED || e.type() == ConnectionEvent.Type.DISCONNECTED) {
                    drops.add(e);
                }
            }).start()) {
                redis.awaitReady(Duration.ofSeconds(15));
                KeyWriters writers = new KeyWriters(redis, "slow", 3, LONG_TIMEOUT.multipliedBy(2).plusSeconds(3)).start();
                Thread.sleep(300); // traffic before the first script
                List<ScriptCall> scripts = new ArrayList<>();
                scripts.add(script(redis, NEAR, null));
                Thread.sleep(300); // traffic between the scripts
                scripts.add(script(redis, NEAR, null));
                Thread.sleep(300);
                scripts.add(script(redis, LONG, LONG_TIMEOUT));
                Thread.sleep(500); // traffic after the last script
                long stuck = writers.stop();
                WriteVerdict v = writers.verify(server, stuck);
                StringBuilder s = new StringBuilder();
                for (ScriptCall c : scripts) {
                    s.append(s.length() == 0 ? "" : ", ").append("script ").append(c.spin().toMillis()).append(" ms (timeout ")
                            .append(c.ownTimeout().toMillis()).append(" ms): ").append(c.outcome()).append(" in ").append(c.tookMillis()).append(" ms");
                }
                String figures = s + "; " + v.outcomes() + "; connection drops/stalls " + drops.size();
                long early = v.failedBeforeOwnTimeout() + scripts.stream().filter(ScriptCall::failedEarly).count();
                String invariants = v.invariants() + ", failed before their own timeout " + early + ", secrets in logs " + log.leaks();
                return new Result(v, scripts, drops.size(), log.leaks(), new ReportRow("slow-script", transport.id(), figures, invariants));
            }
        }
    }

    /** Runs the spin script on the shared connection ({@code timeout} null: the command timeout, else a per-call one). */
    private static ScriptCall script(SharedRedis redis, Duration spin, Duration timeout) {
        Duration own = timeout == null ? TIMEOUT : timeout;
        String micros = String.valueOf(spin.toNanos() / 1000);
        long start = System.nanoTime();
        try {
            Object r = timeout == null ? redis.sync().eval(SPIN, ScriptOutputType.STATUS, new String[0], micros)
                    : redis.withTimeout(timeout).sync().eval(SPIN, ScriptOutputType.STATUS, new String[0], micros);
            return new ScriptCall(spin, own, millisSince(start), String.valueOf(r), false);
        } catch (RuntimeException e) {
            long took = millisSince(start);
            // 20 ms of slack for timer granularity, as the mixed workload's ledger allows
            return new ScriptCall(spin, own, took, e.getClass().getSimpleName(), took < own.toMillis() - 20);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
