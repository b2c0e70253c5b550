package dev.tether.chaos.harness;

import java.time.Duration;

/**
 * Bounds of one run.
 *
 * @param workers      traffic threads
 * @param before       steady traffic before the fault
 * @param after        traffic after recovery
 * @param recoveryWait how long to wait, after the fault is cleared, for a successful call
 * @param hungBound    a call that has not returned within this is hung
 * @param readyWait    how long workers wait for the client to be ready
 */
public record RunLimits(int workers, Duration before, Duration after, Duration recoveryWait, Duration hungBound, Duration readyWait) {

    /**
     * tether's runs: short phases (each run is repeated, and {@code verify} must stay quick); recovery is asserted
     * separately against its budget.
     */
    public static RunLimits tether() {
        return new RunLimits(8, Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(20));
    }

    /** The peers' runs: longer recovery wait, since some recover slowly or not at all. */
    public static RunLimits baseline() {
        return new RunLimits(8, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(5),
                Duration.ofSeconds(20));
    }
}
