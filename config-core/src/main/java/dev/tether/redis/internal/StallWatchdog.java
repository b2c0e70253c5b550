package dev.tether.redis.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds connections that stopped making progress and keeps idle ones warm. A connection is stalled
 * when its oldest waiting command is past its OWN timeout, nothing (no reply, no byte) has arrived
 * for the stall threshold, and a probe ({@code PING} behind the waiting commands) brings nothing
 * either within the probe window. One slow command inside its timeout (a 950 ms script under a
 * 1 s timeout) is therefore never a stall, and a per-call timeout moves the point accordingly.
 * An idle connection is PINGed every idle-ping interval so a dead one is found before a command
 * finds it.
 *
 * <p>{@link #check(long)} runs on one thread at a time (the supervisor's tick).
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

    void check(long now) {
        Link link = current.get();
        if (link == null) {
            probed = null;
            return;
        }
        CommandTracker tracker = link.tracker;
        if (stall != null && tracker.overdueSilenceNanos(now) >= stall.toNanos()) {
            if (probed != link || tracker.lastProgressNanos() != progressAtProbe) {
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
