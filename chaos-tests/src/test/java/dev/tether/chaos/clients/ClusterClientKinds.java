package dev.tether.chaos.clients;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

/** The clients of the cluster and Sentinel runs: tether, and the peers a user would pick instead. */
public enum ClusterClientKinds {
    TETHER("tether", TetherClusterClient::new, TetherClusterClient::new),
    LETTUCE_DEFAULT("lettuce-cluster-default", LettuceClusterClients::clusterDefaults, LettuceClusterClients::sentinel),
    LETTUCE_ADAPTIVE("lettuce-cluster-adaptive", LettuceClusterClients::clusterAdaptive, null),
    JEDIS("jedis-cluster", JedisClusterClients::cluster, JedisClusterClients::sentinel),
    REDISSON("redisson-cluster", RedissonClusterClients::cluster, RedissonClusterClients::sentinel);

    private final String id;
    private final Function<ClusterTarget, ClusterChaosClient> cluster;
    private final Function<ClusterTarget, ClusterChaosClient> sentinel;

    ClusterClientKinds(String id, Function<ClusterTarget, ClusterChaosClient> cluster,
                       Function<ClusterTarget, ClusterChaosClient> sentinel) {
        this.id = id;
        this.cluster = cluster;
        this.sentinel = sentinel;
    }

    public static Stream<ClusterClientKinds> peers() {
        return Arrays.stream(values()).filter(k -> k != TETHER);
    }

    /** The name in the report; a Sentinel client is named for its Sentinel mode. */
    public String id(boolean sentinelMode) {
        return sentinelMode && this != TETHER ? id.replace("-cluster", "").replace("-default", "") + "-sentinel" : id;
    }

    /** Whether this client has a Sentinel mode among the runs. */
    public boolean speaksSentinel() {
        return sentinel != null;
    }

    /** Creates the client (it connects in {@link ClusterChaosClient#awaitReady}, or in the background for tether). */
    public ClusterChaosClient open(ClusterTarget target) {
        return (target.isSentinel() ? sentinel : cluster).apply(target);
    }

    /** Runs {@code close} on a daemon thread and waits for it at most {@code max}: a stuck client never blocks the suite. */
    static void closeWithin(Runnable close, Duration max) {
        Thread t = new Thread(close, "chaos-client-close");
        t.setDaemon(true);
        t.start();
        try {
            t.join(max.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
