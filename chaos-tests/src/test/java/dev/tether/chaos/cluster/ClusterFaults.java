package dev.tether.chaos.cluster;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.ClusterNode;
import dev.tether.testkit.cluster.RedisCluster;
import dev.tether.testkit.cluster.RedisSentinelSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The faults of {@link ClusterScenario}, acted out over testkit's admin connections (never through a client under
 * test), and the cluster's own reaction timed by polling every 20 ms.
 */
final class ClusterFaults {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaults.class);
    private static final Duration CLUSTER_BOUND = Duration.ofSeconds(30);
    private static final int MIGRATE_BATCH = 20;

    private ClusterFaults() {
    }

    /** The fault, chosen before traffic starts so that the affected slots are known. */
    interface Fault {
        /** The slots whose writes the fault affects. */
        BitSet affected();

        /** Injects the fault, waits for the cluster's own reaction, clears it. */
        FaultTimes inject();
    }

    static Fault of(ClusterScenario scenario, RedisCluster cluster, int busySlot) {
        ClusterNode victim = cluster.primaryFor(busySlot);
        return switch (scenario) {
            case PRIMARY_KILL -> new Fault() {
                public BitSet affected() {
                    return slotsOf(victim);
                }

                public FaultTimes inject() {
                    ClusterNode replica = cluster.replicasOf(victim).get(0);
                    cluster.kill(victim);
                    long start = System.nanoTime(); // the process is gone: nothing it acknowledges from here on
                    long floor = pollUntil(() -> safe(() -> cluster.isPrimary(replica)));
                    return new FaultTimes(start, floor, floor, floor == 0 ? System.nanoTime() : floor);
                }
            };
            case MANUAL_FAILOVER -> new Fault() {
                public BitSet affected() {
                    return slotsOf(victim);
                }

                public FaultTimes inject() {
                    ClusterNode replica = cluster.replicasOf(victim).get(0);
                    long start = System.nanoTime();
                    replica.server().command("CLUSTER", "FAILOVER");
                    long floor = pollUntil(() -> safe(() -> cluster.isPrimary(replica)));
                    return new FaultTimes(start, floor, floor, floor == 0 ? System.nanoTime() : floor);
                }
            };
            case SLOT_MIGRATION -> new Fault() {
                public BitSet affected() {
                    BitSet one = new BitSet(RedisCluster.SLOTS);
                    one.set(busySlot);
                    return one;
                }

                public FaultTimes inject() {
                    long start = System.nanoTime();
                    migrate(cluster, busySlot, victim);
                    long floor = System.nanoTime();
                    return new FaultTimes(start, floor, start, floor);
                }
            };
            case NODE_FREEZE -> new Fault() {
                public BitSet affected() {
                    return slotsOf(victim);
                }

                public FaultTimes inject() {
                    ClusterNode replica = cluster.replicasOf(victim).get(0);
                    cluster.freeze(victim);
                    long start = System.nanoTime();
                    long floor;
                    try {
                        floor = pollUntil(() -> safe(() -> cluster.isPrimary(replica)));
                    } finally {
                        cluster.unfreeze(victim);
                    }
                    long thawed = System.nanoTime();
                    // woken, the old primary serves what queued up while it was frozen until gossip demotes it
                    long demoted = pollUntil(() -> safe(() -> !cluster.isPrimary(victim)));
                    return new FaultTimes(start, floor, demoted == 0 ? System.nanoTime() : demoted, thawed);
                }
            };
            case SLOTS_UNCOVERED -> new Fault() {
                public BitSet affected() {
                    return slotsOf(victim);
                }

                public FaultTimes inject() {
                    ClusterNode replica = cluster.replicasOf(victim).get(0);
                    ClusterNode witness = cluster.nodes().stream().filter(n -> n != victim && n != replica).findFirst().orElseThrow();
                    cluster.kill(victim);
                    cluster.kill(replica);
                    long start = System.nanoTime();
                    long down = pollUntil(() -> !clusterOk(witness));
                    LOG.info("slots uncovered: cluster_state:fail seen {} ms after the kill", (down - start) / 1_000_000);
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // the outage the clients live through
                    long restart = System.nanoTime();
                    cluster.restart(victim);
                    cluster.restart(replica);
                    long floor = pollUntil(() -> clusterOk(witness) && clusterOk(victim));
                    return new FaultTimes(start, floor, floor, restart);
                }
            };
            case ENDPOINT_MOVED -> throw new IllegalArgumentException("the endpoint scenario needs its replacement fleet (EndpointReplacement)");
            case SENTINEL_FAILOVER -> throw new IllegalArgumentException("a Sentinel scenario needs a Sentinel set");
        };
    }

    /**
     * SENTINEL FAILOVER; the floor is the promotion: when a sentinel announced it sent {@code REPLICAOF NO ONE} to the
     * replica ({@link PromotionWitness}), or the replica reporting itself primary if that was seen first. Settled is the
     * floor too: a write the old primary acknowledged before the promotion and never replicated is the server's loss
     * (asynchronous replication); one it acknowledged after the promotion is the client's, which wrote to a superseded
     * primary (it takes writes until a sentinel demotes it, 8 s after {@code +switch-master} on Redis 7, and its resync
     * then drops them). The wait for the demotion keeps traffic running through it.
     */
    static Fault sentinelFailover(RedisSentinelSet set, java.util.concurrent.atomic.AtomicReference<RedisServer> newPrimary) {
        return new Fault() {
            public BitSet affected() {
                BitSet all = new BitSet(RedisCluster.SLOTS);
                all.set(0, RedisCluster.SLOTS);
                return all;
            }

            public FaultTimes inject() {
                RedisServer old = set.primary();
                RedisServer next = set.replica();
                newPrimary.set(next);
                try (PromotionWitness witness = new PromotionWitness(set)) {
                    long start = System.nanoTime();
                    set.sentinels().get(0).command("SENTINEL", "FAILOVER", set.masterName());
                    long role = pollUntil(() -> safe(() -> next.command("ROLE").startsWith("master")));
                    long announced = witness.nanos();
                    long floor = role == 0 ? announced : announced == 0 ? role : Math.min(role, announced);
                    long demoted = pollUntil(() -> safe(() -> old.command("ROLE").startsWith("slave")));
                    LOG.info("sentinel failover: REPLICAOF NO ONE sent {} ms, replica said ROLE master {} ms, old primary demoted {} ms "
                                    + "after SENTINEL FAILOVER", announced == 0 ? -1 : (announced - start) / 1_000_000,
                            role == 0 ? -1 : (role - start) / 1_000_000, demoted == 0 ? -1 : (demoted - start) / 1_000_000);
                    long promoted = floor == 0 ? System.nanoTime() : floor;
                    return new FaultTimes(start, floor, promoted, promoted);
                }
            }
        };
    }

    /** Waits until every running node reports {@code cluster_state:ok}, as a cluster at rest does. */
    static void awaitClusterAtRest(RedisCluster cluster) {
        pollUntil(() -> cluster.nodes().stream().filter(n -> n.server().isRunning() && !n.server().isFrozen())
                .allMatch(ClusterFaults::clusterOk));
    }

    static boolean clusterOk(ClusterNode node) {
        return safe(() -> node.server().command("CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    /** The slots {@code primary} serves, from its own {@code CLUSTER NODES} line. */
    static BitSet slotsOf(ClusterNode primary) {
        BitSet slots = new BitSet(RedisCluster.SLOTS);
        for (String line : primary.server().command("CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[0].equals(primary.id())) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (!f[i].startsWith("[")) {
                    String[] range = f[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    slots.set(from, (range.length > 1 ? Integer.parseInt(range[1]) : from) + 1);
                }
            }
        }
        if (slots.isEmpty()) {
            throw new IllegalStateException(primary + " serves no slot");
        }
        return slots;
    }

    /**
     * Moves {@code slot} from {@code source} to another primary the way {@code redis-cli --cluster reshard} does:
     * IMPORTING on the target, MIGRATING on the source, MIGRATE in batches (20 keys, 10 ms apart, so that traffic
     * meets the slot half-moved and gets ASK), then SETSLOT NODE on the target, the source and every other primary.
     */
    static void migrate(RedisCluster cluster, int slot, ClusterNode source) {
        ClusterNode target = cluster.nodes().stream().filter(n -> n != source && safe(() -> cluster.isPrimary(n))).findFirst()
                .orElseThrow();
        String s = Integer.toString(slot);
        target.server().command("CLUSTER", "SETSLOT", s, "IMPORTING", source.id());
        source.server().command("CLUSTER", "SETSLOT", s, "MIGRATING", target.id());
        int moved = 0;
        long end = System.nanoTime() + CLUSTER_BOUND.toNanos();
        while (System.nanoTime() < end) {
            String keys = source.server().command("CLUSTER", "GETKEYSINSLOT", s, Integer.toString(MIGRATE_BATCH));
            if (keys == null || keys.isBlank()) {
                break;
            }
            List<String> args = new ArrayList<>(List.of("MIGRATE", target.host(), Integer.toString(target.port()), "", "0", "5000", "KEYS"));
            args.addAll(List.of(keys.split("\n")));
            source.server().command(args.toArray(new String[0]));
            moved += args.size() - 7;
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // pacing: traffic sees the slot half-moved
        }
        target.server().command("CLUSTER", "SETSLOT", s, "NODE", target.id());
        source.server().command("CLUSTER", "SETSLOT", s, "NODE", target.id());
        for (ClusterNode n : cluster.nodes()) {
            if (n != source && n != target && safe(() -> cluster.isPrimary(n))) {
                n.server().command("CLUSTER", "SETSLOT", s, "NODE", target.id());
            }
        }
        LOG.info("slot {} migrated from {} to {}: {} keys", slot, source, target, moved);
    }

    /** Polls {@code condition} every 20 ms for at most 30 s; returns when it first held, or 0. */
    static long pollUntil(BooleanSupplier condition) {
        long end = System.nanoTime() + CLUSTER_BOUND.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return System.nanoTime();
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return 0;
    }

    static boolean safe(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
