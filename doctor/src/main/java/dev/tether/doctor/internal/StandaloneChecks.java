package dev.tether.doctor.internal;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.doctor.DoctorCheck;
import dev.tether.doctor.DoctorReport;
import dev.tether.doctor.internal.DoctorRun.ConnectedStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Standalone and auto mode: the node's own steps, then its role. A cluster node is
 * {@link DiagnosisCode#CLUSTER_MODE_MISMATCH} in standalone mode and gets the cluster's checks in auto
 * mode (as the connection treats it); a replica is {@link DiagnosisCode#READONLY_REPLICA}. Used by one thread.
 */
final class StandaloneChecks {
    private StandaloneChecks() {
    }

    static DoctorReport run(RedisSettings settings, Duration timeout) {
        List<ConnectedStep> then = new ArrayList<>();
        ClusterChecks cluster = new ClusterChecks(settings, timeout);
        then.add(new ConnectedStep(DoctorCheck.ROLE, (resp, deadline) -> {
            Optional<Map<String, String>> info = NodeChecks.info(resp, deadline, "cluster");
            if (info.isPresent() && "1".equals(info.get().get("cluster_enabled"))) {
                if (settings.mode() == RedisMode.STANDALONE) {
                    throw NodeChecks.failed(DiagnosisCode.CLUSTER_MODE_MISMATCH, "REDIS_MODE is standalone but " + settings.nodes().get(0)
                            + " is a cluster node (cluster_enabled:1): commands on keys of other nodes' slots fail with MOVED");
                }
                then.addAll(cluster.topologySteps());
                return "a cluster node (cluster_enabled:1): REDIS_MODE auto connects to it as a cluster";
            }
            return primaryRole(resp, deadline, settings.nodes().get(0).toString());
        }));
        DoctorReport report = new DoctorRun(settings, timeout, false, then).run();
        return report.healthy() && cluster.engaged() ? cluster.everyNode(report.steps()) : report;
    }

    /** {@code INFO replication} says {@code role:master}; else {@link DiagnosisCode#READONLY_REPLICA}. */
    static String primaryRole(RespConnection resp, Deadline deadline, String what) throws Exception {
        Optional<Map<String, String>> info = NodeChecks.info(resp, deadline, "replication");
        if (info.isEmpty()) {
            return "skipped: INFO is not permitted for this user (NOPERM)";
        }
        Map<String, String> replication = info.get();
        String role = replication.getOrDefault("role", "?");
        if (role.equals("slave") || role.equals("replica")) {
            throw NodeChecks.failed(DiagnosisCode.READONLY_REPLICA, what + " is a replica (role:slave) of " + replication.getOrDefault("master_host", "?")
                    + ":" + replication.getOrDefault("master_port", "?") + ": every write fails with READONLY (after a failover a DNS name "
                    + "or a cached address can still point at the old primary, now a replica)");
        }
        return "primary (role:" + role + "), " + replication.getOrDefault("connected_slaves", "?") + " replica(s) connected";
    }
}
