package dev.tether.chaos.harness;

import eu.rekawek.toxiproxy.model.Toxic;

import java.time.Duration;

import static eu.rekawek.toxiproxy.model.ToxicDirection.DOWNSTREAM;
import static eu.rekawek.toxiproxy.model.ToxicDirection.UPSTREAM;

/**
 * The chaos scenarios of issue 4. Each injects a fault, holds it, and clears it; the harness measures around
 * that. Timings assume the default 2 s command timeout.
 */
public enum Scenario {
    RESET_PEER("reset-peer", "reset_peer (RST on each new connection; the live one closed) for 1 s", Duration.ofSeconds(1), Kind.PLAIN,
            env -> {
                Toxic reset = env.toxics().resetPeer("reset-peer", UPSTREAM, 0);
                return reset::remove;
            }),
    OUTAGE_1S("outage-1s", "proxy disabled for 1 s", Duration.ofSeconds(1), Kind.PLAIN, Scenario::disableProxy),
    OUTAGE_10S("outage-10s", "proxy disabled for 10 s", Duration.ofSeconds(10), Kind.PLAIN, Scenario::disableProxy),
    LATENCY("latency", "2.5 s downstream latency (above the 2 s command timeout) for 3 s", Duration.ofSeconds(3), Kind.PLAIN,
            env -> {
                Toxic latency = env.toxics().latency("latency", DOWNSTREAM, 2500);
                return latency::remove;
            }),
    STALL("stall", "bandwidth 0 both ways (frozen path) for 3 s", Duration.ofSeconds(3), Kind.STALL,
            env -> {
                Toxic up = env.toxics().bandwidth("stall-up", UPSTREAM, 0);
                Toxic down = env.toxics().bandwidth("stall-down", DOWNSTREAM, 0);
                return () -> {
                    up.remove();
                    down.remove();
                };
            }),
    DROP("drop", "timeout toxic: all data dropped both ways for 3 s", Duration.ofSeconds(3), Kind.STALL,
            env -> {
                Toxic up = env.toxics().timeout("drop-up", UPSTREAM, 0);
                Toxic down = env.toxics().timeout("drop-down", DOWNSTREAM, 0);
                return () -> {
                    up.remove();
                    down.remove();
                };
            }),
    SLOW_CLOSE("slow-close", "server closes the connections; the proxy delays each close by 1.5 s (held 2 s)", Duration.ofSeconds(2), Kind.PLAIN,
            env -> {
                Toxic slow = env.toxics().slowClose("slow-close", DOWNSTREAM, 1500);
                env.killClientConnections();
                return slow::remove;
            }),
    LIMIT_DATA("limit-data", "connections cut after 200 kB downstream, mid 1 MB reply, for 1.5 s", Duration.ofMillis(1500), Kind.BIG_VALUES,
            env -> {
                Toxic limit = env.toxics().limitData("limit-data", DOWNSTREAM, 200_000);
                return limit::remove;
            }),
    SLICER("slicer", "replies sliced into ~8-byte pieces 200 µs apart for 2 s", Duration.ofSeconds(2), Kind.PLAIN,
            env -> {
                var slicer = env.toxics().slicer("slicer", DOWNSTREAM, 8, 200);
                slicer.setSizeVariation(4);
                return slicer::remove;
            }),
    SERVER_KILL("server-kill", "redis-server SIGKILL, restarted on the same port after 1 s (AOF, fsync always)", Duration.ofSeconds(1),
            Kind.DURABLE,
            env -> {
                env.server().kill();
                return env.server()::restart;
            }),
    SERVER_FREEZE("server-freeze", "redis-server SIGSTOP for 3 s, then SIGCONT", Duration.ofSeconds(3), Kind.STALL,
            env -> {
                env.server().freeze();
                return env.server()::unfreeze;
            }),
    BOOTSTRAP("bootstrap", "client started while Redis is unreachable; reachable after 2 s; workers wait on readiness",
            Duration.ofSeconds(2), Kind.BOOTSTRAP, Scenario::disableProxy),
    CREDENTIAL_ROTATION("credential-rotation", "password changed on the server and in the source, client connections killed",
            Duration.ZERO, Kind.PLAIN,
            env -> {
                String next = Canaries.newPassword();
                env.server().setPassword(next);
                env.passwordSource().set(next);
                env.killClientConnections();
                return () -> { };
            });

    /** What a scenario needs from the harness beyond the fault itself. */
    public enum Kind {
        PLAIN,
        /** The server stops answering while connections stay open: stall detection is measured and bounded. */
        STALL,
        /** Worker 0 also reads a 1 MB value each iteration. */
        BIG_VALUES,
        /** The server persists every write before acknowledging it (AOF, fsync always), so a SIGKILL loses nothing acknowledged. */
        DURABLE,
        /** The fault is injected before the client starts. */
        BOOTSTRAP,
        /** Traffic pauses before the fault and resumes when it clears: the fault strikes an idle connection. */
        IDLE
    }

    /** Injects the fault and returns what clears it. */
    @FunctionalInterface
    public interface Fault {
        Clearing inject(FaultEnv env) throws Exception;
    }

    /** Clears a fault. */
    @FunctionalInterface
    public interface Clearing {
        void clear() throws Exception;
    }

    private final String id;
    private final String title;
    private final Duration hold;
    private final Kind kind;
    private final Fault fault;

    Scenario(String id, String title, Duration hold, Kind kind, Fault fault) {
        this.id = id;
        this.title = title;
        this.hold = hold;
        this.kind = kind;
        this.fault = fault;
    }

    private static Clearing disableProxy(FaultEnv env) throws Exception {
        env.proxy().proxy().disable();
        return env.proxy().proxy()::enable;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Duration hold() {
        return hold;
    }

    public Kind kind() {
        return kind;
    }

    public Clearing inject(FaultEnv env) throws Exception {
        return fault.inject(env);
    }
}
