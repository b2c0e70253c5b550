package dev.tether.redis.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a server's port accepts TCP connections again while a connect attempt waits on a path
 * that loses packets. A connect whose SYN vanished (a blackholed route, a firewall dropping SYNs)
 * waits for the kernel's SYN retransmission (1 s, then 3 s, 7 s) even after the path is back; a
 * fresh bare TCP connect every {@link #STEP} finds the path within a step of its return. Each probe
 * is a non-blocking connect, closed as soon as it connects (nothing is sent: the server sees a client
 * that connected and left), or abandoned after {@link #LIFETIME}; at most
 * {@code LIFETIME / STEP} are open at once. Only a path seen losing SYNs counts: when the port
 * accepts before any probe was lost, the pending connect is slow for another reason (a frozen server
 * whose kernel still completes handshakes, a slow TLS or AUTH exchange) and the watch just ends.
 *
 * <p>The supervisor watches only while an attempt of an outage in which Redis was unreached is
 * pending (see {@link ReconnectPacer#FAST_WINDOW}); the probe never starts an attempt of its own,
 * so the pacing of attempts is unchanged. Thread-safe; runs on the given scheduler.
 */
final class ReadinessProbe {
    /** How often a fresh probe is sent. */
    static final Duration STEP = Duration.ofMillis(10);
    /** How often pending probes are checked. */
    static final Duration POLL = Duration.ofMillis(2);
    /** A probe unanswered this long is closed: its SYN is lost, a fresh one replaces it. */
    static final Duration LIFETIME = Duration.ofMillis(150);

    private final String host;
    private final int port;
    private final ScheduledExecutorService scheduler;

    ReadinessProbe(String host, int port, ScheduledExecutorService scheduler) {
        this.host = host;
        this.port = port;
        this.scheduler = scheduler;
    }

    /**
     * Starts probing; {@code accepted} runs once, on the scheduler, when a probe connects after an earlier
     * one was lost (or {@code lossKnown}: the caller saw SYNs lost already). Probing ends then, when a
     * probe connects with none lost, at {@link Watch#stop()}, or when the host does not resolve (the
     * attempt itself reports that).
     */
    Watch watch(Runnable accepted, boolean lossKnown) {
        Watch w = new Watch(accepted, lossKnown);
        w.start();
        return w;
    }

    /** One period of probing. */
    final class Watch {
        private final Runnable accepted;
        private final List<Pending> pending = new ArrayList<>();
        private InetSocketAddress address;
        private long lastSentNanos;
        private boolean sawLoss;
        private ScheduledFuture<?> poll;
        private boolean stopped;

        private Watch(Runnable accepted, boolean lossKnown) {
            this.accepted = accepted;
            this.sawLoss = lossKnown;
        }

        private synchronized void start() {
            try {
                poll = scheduler.scheduleWithFixedDelay(this::poll, 0, POLL.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                stopped = true;
            }
        }

        /** Whether a probe of this watch was lost: the path was dropping SYNs. */
        synchronized boolean sawLoss() {
            return sawLoss;
        }

        /** Ends probing and closes every open probe. Idempotent. */
        synchronized void stop() {
            stopped = true;
            if (poll != null) {
                poll.cancel(false);
            }
            pending.forEach(p -> close(p.channel));
            pending.clear();
        }

        private void poll() {
            boolean connected;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                long now = System.nanoTime();
                connected = checkPending(now) || (now - lastSentNanos >= STEP.toNanos() && send(now));
            }
            if (connected) {
                stop();
                if (sawLoss) {
                    accepted.run();
                }
            }
        }

        /** Whether one of the pending probes connected; drops refused and expired ones. */
        private boolean checkPending(long now) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                boolean done;
                boolean connected = false;
                try {
                    connected = p.channel.finishConnect();
                    done = connected || now - p.sentNanos >= LIFETIME.toNanos();
                    sawLoss |= !connected && done;
                } catch (IOException e) {
                    done = true; // refused or unreachable: the attempt's own failure says so
                }
                if (done) {
                    close(p.channel);
                    it.remove();
                }
                if (connected) {
                    return true;
                }
            }
            return false;
        }

        /** Sends one probe; true when it connected at once. */
        private boolean send(long now) {
            lastSentNanos = now;
            if (address == null) {
                try {
                    // The attempt being probed resolved this name a moment ago: the JVM's cache answers.
                    address = new InetSocketAddress(InetAddress.getByName(host), port);
                } catch (UnknownHostException | SecurityException e) {
                    stopped = true;
                    poll.cancel(false);
                    return false;
                }
            }
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                if (channel.connect(address)) {
                    close(channel);
                    return true;
                }
                pending.add(new Pending(channel, now));
            } catch (IOException e) {
                close(channel);
            }
            return false;
        }
    }

    private record Pending(SocketChannel channel, long sentNanos) {
    }

    private static void close(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // a probe: nothing to keep
        }
    }
}
