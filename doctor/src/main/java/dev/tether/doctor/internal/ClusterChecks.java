package dev.tether.doctor.internal;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.doctor.DoctorCheck;
import dev.tether.doctor.DoctorReport;
import dev.tether.doctor.DoctorStep;
import dev.tether.doctor.internal.DoctorRun.ConnectedStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's checks: on the first seed's open connection, that it is a cluster node, that every
 * slot has a live primary (with replicas per primary) and {@code cluster_state:ok}; then every other
 * seed and every address the cluster announces in {@code CLUSTER NODES}, {@code CLUSTER SLOTS} and
 * {@code CLUSTER SHARDS}, each reached from here. Used by one thread.
 */
final class ClusterChecks {
    private static final int SLOTS = 16384;

    private final RedisSettings settings;
    private final Duration timeout;
    /** host:port -> what the cluster says the node is; filled by the slots step. */
    private final Map<String, String> announced = new LinkedHashMap<>();
    private String clusterState = "?";
    private boolean engaged;

    ClusterChecks(RedisSettings settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
    }

    /** Cluster mode: the first seed in full, the cluster's checks on it, then every node. */
    DoctorReport run() {
        RedisNode first = settings.nodes().get(0);
        List<ConnectedStep> then = new ArrayList<>();
        then.add(new ConnectedStep(DoctorCheck.CLUSTER, this::clusterNode));
        then.addAll(topologySteps());
        DoctorReport report = new DoctorRun(NodeChecks.dataNode(settings, first), timeout, false, then).run();
        return report.healthy() ? everyNode(report.steps()) : report;
    }

    /** The steps that read the topology on an open connection to a cluster node (also after auto mode found one). */
    List<ConnectedStep> topologySteps() {
        engaged = true;
        return List.of(new ConnectedStep(DoctorCheck.SLOTS, this::slots), new ConnectedStep(DoctorCheck.CLUSTER_STATE, this::state));
    }

    /** Whether {@link #topologySteps()} were handed out: the node checks are due after the run. */
    boolean engaged() {
        return engaged;
    }

    private String clusterNode(RespConnection resp, Deadline deadline) throws Exception {
        Optional<Map<String, String>> info = NodeChecks.info(resp, deadline, "cluster");
        if (info.isPresent() && !"1".equals(info.get().get("cluster_enabled"))) {
            throw NodeChecks.failed(DiagnosisCode.CLUSTER_MODE_MISMATCH, "REDIS_MODE is cluster (or REDIS_URL lists several seeds) but "
                    + settings.nodes().get(0) + " is not a cluster node (cluster_enabled:0): it holds every key itself and answers no CLUSTER command");
        }
        return "cluster_enabled:1";
    }

    /** Every slot has a primary that is not failed; replicas per primary; the announced addresses, for later. */
    private String slots(RespConnection resp, Deadline deadline) throws Exception {
        Map<String, String> clusterInfo = NodeChecks.fields(String.valueOf(NodeChecks.expectReply(resp.call(deadline, "CLUSTER", "INFO"))));
        clusterState = clusterInfo.getOrDefault("cluster_state", "?");
        List<ClusterNodesLine> nodes = ClusterNodesLine.parse(String.valueOf(NodeChecks.expectReply(resp.call(deadline, "CLUSTER", "NODES"))));
        BitSet served = new BitSet(SLOTS);
        BitSet failedOwner = new BitSet(SLOTS);
        Map<String, Integer> replicas = new LinkedHashMap<>();
        List<String> failedPrimaries = new ArrayList<>();
        for (ClusterNodesLine n : nodes) {
            if (n.primary()) {
                (n.failed() ? failedOwner : served).or(n.slots());
                if (!n.slots().isEmpty()) {
                    replicas.putIfAbsent(n.id(), 0);
                    if (n.failed()) {
                        failedPrimaries.add(n.address());
                    }
                }
            }
            if (!n.failed() && !n.noAddress()) {
                announced.putIfAbsent(n.address(), (n.primary() ? "primary" : "replica") + " " + n.id().substring(0, Math.min(8, n.id().length())));
            }
        }
        for (ClusterNodesLine n : nodes) {
            if (!n.primary() && !n.failed() && replicas.containsKey(n.primaryId())) {
                replicas.merge(n.primaryId(), 1, Integer::sum);
            }
        }
        addSlotsEndpoints(resp, deadline);
        addShardsEndpoints(resp, deadline);

        BitSet uncovered = new BitSet(SLOTS);
        uncovered.set(0, SLOTS);
        uncovered.andNot(served);
        if (!uncovered.isEmpty()) {
            BitSet unassigned = (BitSet) uncovered.clone();
            unassigned.andNot(failedOwner);
            String message = uncovered.cardinality() + " of " + SLOTS + " slots have no live primary ("
                    + ranges(uncovered) + ")" + (unassigned.isEmpty() ? "" : "; " + unassigned.cardinality() + " are assigned to no node")
                    + (failedPrimaries.isEmpty() ? "" : "; failed primaries with no replica to take over: " + String.join(", ", failedPrimaries))
                    + ": commands on keys in them fail with CLUSTERDOWN";
            throw NodeChecks.failed(DiagnosisCode.CLUSTER_SLOTS_UNCOVERED, message);
        }
        long without = replicas.values().stream().filter(r -> r == 0).count();
        String perPrimary = replicas.values().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
        return "all " + SLOTS + " slots served by " + replicas.size() + " primaries; replicas per primary: " + perPrimary
                + (without > 0 ? " (" + without + " primar" + (without > 1 ? "ies have" : "y has") + " no replica: its slots go down with it)" : "");
    }

    private String state(RespConnection resp, Deadline deadline) throws Exception {
        if (!"ok".equals(clusterState)) {
            throw NodeChecks.failed(DiagnosisCode.CLUSTER_DOWN, settings.nodes().get(0) + " reports cluster_state:" + clusterState
                    + " although every slot has a primary: it does not reach a majority of the primaries, so it refuses commands (CLUSTERDOWN)");
        }
        return "cluster_state:ok";
    }

    /** CLUSTER SLOTS (what most clients read): {@code [start, end, [ip, port, id], replicas...]} per range. */
    private void addSlotsEndpoints(RespConnection resp, Deadline deadline) throws Exception {
        if (!(resp.call(deadline, "CLUSTER", "SLOTS") instanceof List<?> ranges)) {
            return;
        }
        for (Object range : ranges) {
            if (range instanceof List<?> r) {
                for (int i = 2; i < r.size(); i++) {
                    if (r.get(i) instanceof List<?> node && node.size() >= 2) {
                        addEndpoint(String.valueOf(node.get(0)), node.get(1), i == 2 ? "primary (CLUSTER SLOTS)" : "replica (CLUSTER SLOTS)");
                    }
                }
            }
        }
    }

    /** CLUSTER SHARDS (Redis 7): every node's {@code endpoint} and its port; an older server's error is ignored. */
    private void addShardsEndpoints(RespConnection resp, Deadline deadline) throws Exception {
        if (!(resp.call(deadline, "CLUSTER", "SHARDS") instanceof List<?> shards)) {
            return;
        }
        for (Object shard : shards) {
            Object nodes = field(shard, "nodes");
            if (nodes instanceof List<?> list) {
                for (Object node : list) {
                    Object port = settings.tls() && field(node, "tls-port") != null ? field(node, "tls-port") : field(node, "port");
                    if (!"fail".equals(String.valueOf(field(node, "health")))) {
                        addEndpoint(String.valueOf(field(node, "endpoint")), port, field(node, "role") + " (CLUSTER SHARDS)");
                    }
                }
            }
        }
    }

    private void addEndpoint(String host, Object port, String what) {
        if (host.isEmpty() || host.equals("?") || host.equals("null") || !(port instanceof Long p) || p < 1 || p > 65535) {
            return; // unknown endpoint: clients fall back to the address they asked
        }
        announced.putIfAbsent(new RedisNode(host, p.intValue()).toString(), what);
    }

    /** A field of a RESP3 map, or of a RESP2 flat key-value list. */
    private static Object field(Object container, String key) {
        if (container instanceof Map<?, ?> m) {
            return m.get(key);
        }
        if (container instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                if (key.equals(String.valueOf(l.get(i)))) {
                    return l.get(i + 1);
                }
            }
        }
        return null;
    }

    /** Every other seed, then every announced address, one brief run and one step each; the first failure ends the report. */
    DoctorReport everyNode(List<DoctorStep> before) {
        List<DoctorStep> steps = new ArrayList<>(before);
        Map<String, Boolean> targets = new LinkedHashMap<>();
        for (RedisNode seed : settings.nodes().subList(1, settings.nodes().size())) {
            targets.put(seed.toString(), announced.containsKey(seed.toString()));
        }
        announced.keySet().forEach(a -> targets.putIfAbsent(a, true));
        targets.remove(settings.nodes().get(0).toString());
        for (Map.Entry<String, Boolean> target : targets.entrySet()) {
            RedisNode node = parse(target.getKey());
            String what = (target.getValue() ? "node " + target.getKey() + " (" + announced.get(target.getKey()) + ", as the cluster announces it)"
                    : "seed " + target.getKey());
            NodeChecks.Summary summary = NodeChecks.summarise(DoctorCheck.NODE, what,
                    NodeChecks.brief(NodeChecks.dataNode(settings, node), timeout).run(), target.getValue());
            steps.add(summary.step());
            if (summary.failure() != null) {
                return new DoctorReport(steps, summary.failure());
            }
        }
        return new DoctorReport(steps, null);
    }

    private static RedisNode parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        return new RedisNode(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static String ranges(BitSet slots) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (int from = slots.nextSetBit(0); from >= 0; from = slots.nextSetBit(from)) {
            int to = slots.nextClearBit(from) - 1;
            if (shown++ == 3) {
                return s.append(", …").toString();
            }
            s.append(s.length() == 0 ? "" : ", ").append(from == to ? String.valueOf(from) : from + "-" + to);
            from = to + 1;
        }
        return s.toString();
    }

    /** One line of {@code CLUSTER NODES}: {@code id ip:port@cport[,hostname] flags primaryId ping pong epoch link slot...}. */
    record ClusterNodesLine(String id, String address, String flags, String primaryId, BitSet slots) {
        boolean primary() {
            return has("master");
        }

        boolean failed() {
            return has("fail") || has("handshake");
        }

        boolean noAddress() {
            return has("noaddr") || address.startsWith(":");
        }

        private boolean has(String flag) {
            return ("," + flags + ",").contains("," + flag + ",");
        }

        static List<ClusterNodesLine> parse(String text) {
            List<ClusterNodesLine> lines = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                String[] f = line.strip().split(" ");
                if (f.length < 8) {
                    continue;
                }
                String address = f[1];
                int at = address.indexOf('@');
                address = at >= 0 ? address.substring(0, at) : address;
                int colon = address.lastIndexOf(':');
                String host = colon >= 0 ? address.substring(0, colon) : address;
                if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                    address = "[" + host + "]" + address.substring(colon);
                }
                BitSet slots = new BitSet(SLOTS);
                for (int i = 8; i < f.length; i++) {
                    String s = f[i];
                    if (s.startsWith("[")) {
                        continue; // a slot being imported or migrated: still served by its owner
                    }
                    int dash = s.indexOf('-');
                    try {
                        int from = Integer.parseInt(dash >= 0 ? s.substring(0, dash) : s);
                        int to = dash >= 0 ? Integer.parseInt(s.substring(dash + 1)) : from;
                        if (from >= 0 && to < SLOTS && from <= to) {
                            slots.set(from, to + 1);
                        }
                    } catch (NumberFormatException ignored) {
                        // not a slot: a later version's field
                    }
                }
                lines.add(new ClusterNodesLine(f[0], address, f[2].toLowerCase(Locale.ROOT), f[3], slots));
            }
            return lines;
        }
    }
}
