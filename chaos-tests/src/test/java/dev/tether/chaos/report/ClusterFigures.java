package dev.tether.chaos.report;

import java.util.Map;

/**
 * What a cluster or Sentinel run measured beyond the common row: the cluster's own recovery (the floor no client
 * can beat), the client's first successful write to the affected slots measured from the failure and from that
 * floor, the longest stretch without a successful write to them, and the acknowledged writes lost split by who lost
 * them. Times in ms; {@code null} = did not happen within the run.
 *
 * @param label          the run's {@code ScenarioResult.label()}
 * @param floorMs        failure → the cluster itself recovered (replica promoted, slot moved, slots covered again,
 *                       the Sentinel-promoted replica reports itself primary)
 * @param recoveryMs     failure → first write to the affected slots completed once the cluster had recovered by itself
 *                       (the floor), acknowledged and still there afterwards (one the old primary took after the
 *                       promotion does not count)
 * @param afterFloorMs   {@code recoveryMs - floorMs}
 * @param longestGapMs   the longest time without a successful write to the affected slots, from the failure on
 * @param failedByType   failed calls by exception class (message kind in brackets when it is a server error)
 * @param hung           calls not returned within the bound after traffic stopped
 * @param lost           acknowledged writes missing afterwards that the server had not lost (a client's fault)
 * @param lostByServer   acknowledged writes missing afterwards, acknowledged before the cluster settled: the old
 *                       primary acknowledged them and its replica never got them (asynchronous replication), or
 *                       every copy was killed
 * @param misdelivered   GETs answered with another key's value
 * @param rawRedirects   calls failed with a raw {@code MOVED}, {@code ASK} or {@code CROSSSLOT} error
 */
public record ClusterFigures(String label, Long floorMs, Long recoveryMs, Long afterFloorMs, Long longestGapMs,
                             Map<String, Long> failedByType, long hung, long lost, long lostByServer, long misdelivered,
                             long rawRedirects) {
    public ClusterFigures {
        failedByType = Map.copyOf(failedByType);
    }

    /** Failed calls, all types. */
    public long failed() {
        return failedByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
