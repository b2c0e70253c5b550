package dev.tether.chaos.cluster;

/**
 * When a fault happened and when the cluster itself dealt with it (System.nanoTime values).
 *
 * @param startNanos   the failure
 * @param floorNanos   the cluster (or the sentinels) recovered by itself; {@code 0} if it did not within the bound
 * @param settledNanos acknowledgements before this may have been lost by the server (old primary gone or demoted)
 * @param endNanos     the fault window's end, for the charts
 */
record FaultTimes(long startNanos, long floorNanos, long settledNanos, long endNanos) {
}
