package dev.tether.redis.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds connections that stopped making progress and keeps idle ones warm. A connection is stalled
 * when its oldest waiting command is past its OWN timeout and nothing (no reply, no byte) has arrived
 * for the stall threshold. One slow command inside its timeout (a 950 ms script under a 1 s timeout)
 * is therefore never a stall, and a per-call timeout moves the point accordingly. An idle connection
 * is PINGed every idle-ping interval so a dead one is found before a command finds it.
 *
 * <p>A single server's connection is replaced as soon as that holds: replacing it cuts nothing off
 * (its commands keep their own deadlines, see the supervisor), and a probe queued behind the silent
 * commands on the same ordered connection could only add silence. Meanwhile every new command would
 * be written on the silent connection and wait out its own timeout there. A cluster connection is
 * replaced only when a probe ({@code PING} to its default node) also brings nothing within the probe
 * window: one frozen node must not replace the connections to the healthy ones.
 *
 * <p>Thread-safe: {@link #check(long)} runs on the supervisor's tick and, when a command's own
 * timeout passes, on the thread that reports it (so the caller's next command already goes to the
 * replacement).
 */
final class StallWatchdog {
    private final Duration stall;
    private final Duration idlePing;
    private final Duration probeWindow;
    private final Duration pingTimeout;
    private final Supplier<Link> current;
    private final Consumer<Link> stalled;
    private Link probed;
    private long probeSentNanos;
    private long progressAtProbe;

    StallWatchdog(SupervisorConfig config, Supplier<Link> current, Consumer<Link> stalled) {
        this.stall = config.stallTimeout();
        this.idlePing = config.idlePing();
        this.probeWindow = stall == null ? null : stall.compareTo(Duration.ofMillis(500)) < 0 ? stall : Duration.ofMillis(500);
        this.pingTimeout = config.commandTimeout();
        this.current = current;
        this.stalled = stalled;
    }

    boolean enabled() {
        return stall != null || idlePing != null;
    }

    /** How often to check: a twentieth of the stall threshold, a quarter of the idle ping, within 10..250 ms. */
    Duration tick() {
        long base = stall != null ? stall.toNanos() / 20 : idlePing.toNanos() / 4;
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(base, TimeUnit.MILLISECONDS.toNanos(250))));
    }

    synchronized void check(long now) {
        Link link = current.get();
        if (link == null) {
            probed = null;
            return;
        }
        CommandTracker tracker = link.tracker;
        if (stall != null && tracker.overdueSilenceNanos(now) >= stall.toNanos()) {
            if (link.cluster() == null) {
                probed = null;
                stalled.accept(link);
            } else if (probed != link || tracker.lastProgressNanos() != progressAtProbe) {
                probed = link;
                probeSentNanos = now;
                progressAtProbe = tracker.lastProgressNanos();
                ping(link);
            } else if (now - probeSentNanos >= probeWindow.toNanos()) {
                probed = null;
                stalled.accept(link);
            }
            return;
        }
        probed = null;
        if (idlePing != null && tracker.idleNanos(now) >= idlePing.toNanos() && link.usable()) {
            ping(link);
        }
    }

    private void ping(Link link) {
        CommandTracker.TrackedCommand probe = link.track(pingTimeout);
        try {
            link.ping().whenComplete((pong, error) -> probe.finished(error));
        } catch (RuntimeException e) {
            probe.finished(e);
        }
    }
}
