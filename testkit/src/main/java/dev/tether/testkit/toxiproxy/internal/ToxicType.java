package dev.tether.testkit.toxiproxy.internal;

import java.util.List;

/** The toxic types the embedded server knows, with their attributes in the real server's JSON order. */
enum ToxicType {
    LATENCY("LatencyToxic", "latency", "latency", "jitter"),
    BANDWIDTH("BandwidthToxic", "bandwidth", "rate"),
    SLOW_CLOSE("SlowCloseToxic", "slow_close", "delay"),
    TIMEOUT("TimeoutToxic", "timeout", "timeout"),
    RESET_PEER("ResetToxic", "reset_peer", "timeout"),
    SLICER("SlicerToxic", "slicer", "average_size", "size_variation", "delay"),
    LIMIT_DATA("LimitDataToxic", "limit_data", "bytes"),
    NOOP("NoopToxic", "noop");

    /** The Go struct of the toxic, as decoding errors name it (e.g. {@code TimeoutToxic.attributes.timeout}). */
    final String goStruct;
    final String wireName;
    final List<String> attributes;

    ToxicType(String goStruct, String wireName, String... attributes) {
        this.goStruct = goStruct;
        this.wireName = wireName;
        this.attributes = List.of(attributes);
    }

    /** The type for a wire name, or null when there is none (case-sensitive, like the real server). */
    static ToxicType byWireName(String name) {
        for (ToxicType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
