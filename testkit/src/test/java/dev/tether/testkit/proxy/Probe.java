package dev.tether.testkit.proxy;

import java.util.Map;

/**
 * One probe of the data path: what it does to a fresh proxy, and what the real Toxiproxy server is
 * observed to do (derived from its Go source, lines cited in {@code testkit/README-toxiproxy.md}).
 * A probe of a race in the real server runs {@code runs} times, and its observation is the most frequent one.
 */
record Probe(String name, int runs, Map<String, String> realServer, Script script) {

    Probe(String name, Map<String, String> realServer, Script script) {
        this(name, 1, realServer, script);
    }

    /** Runs the probe on a fresh proxy in front of a fresh echo upstream; answers the observations. */
    @FunctionalInterface
    interface Script {
        Map<String, String> run(Rig rig) throws Exception;
    }
}
