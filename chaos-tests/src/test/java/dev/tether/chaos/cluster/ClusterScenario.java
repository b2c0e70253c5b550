package dev.tether.chaos.cluster;

/** The cluster and Sentinel faults, each on a freshly formed cluster (3 primaries + 3 replicas) or Sentinel set. */
public enum ClusterScenario {
    PRIMARY_KILL("cluster-primary-kill", "a primary SIGKILLed; the cluster promotes its replica"),
    MANUAL_FAILOVER("cluster-manual-failover", "CLUSTER FAILOVER on a replica (coordinated, lossless)"),
    SLOT_MIGRATION("cluster-slot-migration", "a busy slot migrated mid-traffic (SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT NODE): ASK, then MOVED"),
    NODE_FREEZE("cluster-node-freeze", "a primary SIGSTOPped until the cluster fails it over, then SIGCONT (it returns as a replica)"),
    SLOTS_UNCOVERED("cluster-slots-uncovered", "a primary and its replica SIGKILLed: slots uncovered, CLUSTERDOWN; both restarted after 1 s"),
    ENDPOINT_MOVED("cluster-endpoint-moved", "every node behind the configuration endpoint's name replaced by one on a new address (joined, synced, "
            + "handed over by CLUSTER FAILOVER), the old fleet shut down, the name moved"),
    SENTINEL_FAILOVER("sentinel-failover", "SENTINEL FAILOVER on a primary + replica + 3 sentinels (writes go to the new primary)");

    private final String id;
    private final String title;

    ClusterScenario(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public boolean sentinel() {
        return this == SENTINEL_FAILOVER;
    }
}
