package dev.tether.chaos.harness;

import dev.tether.testkit.netns.NetworkFault;

import java.time.Duration;

/**
 * Faults a proxy cannot make, made by the kernel: the server runs in a network namespace and
 * {@link dev.tether.testkit.netns.NetworkNamespace} rules drop, reset or forget its packets. The client sees what
 * it would see on a real network (silence, a RST, unanswered SYNs), never a proxy's clean close.
 */
public enum NetworkScenario {
    BLACKHOLE("net-blackhole", "every packet dropped both ways for 3 s, with traffic", Duration.ofSeconds(3), Scenario.Kind.STALL,
            NetworkFault.BLACKHOLE),
    IDLE_BLACKHOLE("net-idle-blackhole", "every packet dropped while the connection is idle, for 13 s: only keepalive or an idle PING "
            + "can notice (bound: the local preset's idle PING 10 s + stall timeout 1.8 s + 0.5 s)", Duration.ofSeconds(13),
            Scenario.Kind.IDLE, NetworkFault.BLACKHOLE),
    NAT_FORGETS_IDLE_FLOW("net-nat-idle", "an idle flow forgotten by a \"NAT\" (its packets vanish from then on), then the next command",
            Duration.ofMillis(300), Scenario.Kind.IDLE, NetworkFault.FORGET_FLOWS),
    SYN_DROP_BOOTSTRAP("net-syn-drop", "client started while SYNs are dropped; answered after 2 s", Duration.ofSeconds(2),
            Scenario.Kind.BOOTSTRAP, NetworkFault.DROP_SYN),
    RST("net-rst", "every packet to the server answered with a TCP RST for 1 s", Duration.ofSeconds(1), Scenario.Kind.PLAIN,
            NetworkFault.RESET);

    /**
     * The idle-detection bound of tether's {@code local} provider preset (the chaos clients connect with
     * {@code REDIS_PROVIDER=local}): an idle PING after 10 s, a stall declared 0.9 × the 2 s command timeout after,
     * plus 0.5 s for the watchdog's tick and the traffic's pause before the fault.
     */
    public static final long LOCAL_PRESET_IDLE_DETECTION_BOUND_MS = 10_000 + 1_800 + 500;

    /** The provider preset the clients of network runs use: the server is on this machine. */
    public static final String PROVIDER = "local";

    private final String id;
    private final String title;
    private final Duration hold;
    private final Scenario.Kind kind;
    private final NetworkFault fault;

    NetworkScenario(String id, String title, Duration hold, Scenario.Kind kind, NetworkFault fault) {
        this.id = id;
        this.title = title;
        this.hold = hold;
        this.kind = kind;
        this.fault = fault;
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

    public Scenario.Kind kind() {
        return kind;
    }

    public NetworkFault fault() {
        return fault;
    }

    /** The bound stall detection must meet, or {@code null}: only an idle connection's loss has one. */
    public Long detectionBoundMs() {
        return this == IDLE_BLACKHOLE ? LOCAL_PRESET_IDLE_DETECTION_BOUND_MS : null;
    }

    /**
     * Whether clearing the fault removes its rules. A forgotten flow stays forgotten: its rules stay until the run
     * ends, and the "clear" is only the next command.
     */
    public boolean clearedByRemovingRules() {
        return this != NAT_FORGETS_IDLE_FLOW;
    }
}
