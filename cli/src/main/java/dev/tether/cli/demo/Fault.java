package dev.tether.cli.demo;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;

import java.io.IOException;
import java.time.Duration;

/** The faults the demo injects through the proxy, in script order. */
enum Fault {
    /** Every connection gets a TCP RST on its next bytes, as Upstash's proxies do under load. */
    RESET("reset", "as a provider's proxy does under load"),
    /** The proxy refuses new connections and closes the live ones: Redis is gone. */
    OUTAGE("outage", "proxy disabled: new connections refused, live ones closed"),
    /** Every reply arrives later than the command timeout. */
    LATENCY("latency", "every reply later than the command timeout"),
    /** Bytes stop flowing both ways while the connections stay open: a frozen peer. */
    STALL("stall", "a frozen peer: connections stay open");

    private final String label;
    private final String description;

    Fault(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    void inject(Proxy proxy, Duration commandTimeout) throws IOException {
        switch (this) {
            case RESET -> proxy.toxics().resetPeer("demo-reset", ToxicDirection.DOWNSTREAM, 0);
            case OUTAGE -> proxy.disable();
            case LATENCY -> proxy.toxics().latency("demo-latency", ToxicDirection.DOWNSTREAM, commandTimeout.toMillis() + 500);
            case STALL -> {
                proxy.toxics().bandwidth("demo-stall-down", ToxicDirection.DOWNSTREAM, 0);
                proxy.toxics().bandwidth("demo-stall-up", ToxicDirection.UPSTREAM, 0);
            }
        }
    }

    void clear(Proxy proxy) throws IOException {
        switch (this) {
            case RESET -> proxy.toxics().get("demo-reset").remove();
            case OUTAGE -> proxy.enable();
            case LATENCY -> proxy.toxics().get("demo-latency").remove();
            case STALL -> {
                proxy.toxics().get("demo-stall-down").remove();
                proxy.toxics().get("demo-stall-up").remove();
            }
        }
    }
}
