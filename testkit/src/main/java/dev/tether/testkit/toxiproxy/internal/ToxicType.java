package dev.tether.testkit.toxiproxy.internal;

import java.util.List;

/** The toxic types the embedded server knows, with their attributes in the real server's JSON order. */
enum ToxicType {
    LATENCY("latency", "latency", "jitter"),
    BANDWIDTH("bandwidth", "rate"),
    SLOW_CLOSE("slow_close", "delay"),
    TIMEOUT("timeout", "timeout"),
    RESET_PEER("reset_peer", "timeout"),
    SLICER("slicer", "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", "bytes"),
    NOOP("noop");

    final String wireName;
    final List<String> attributes;

    ToxicType(String wireName, String... attributes) {
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
