package dev.tether.doctor.internal;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentinel's checks: every sentinel is reached and asked for the primary by name
 * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}) and for its quorum ({@code SENTINEL CKQUORUM}); the
 * sentinels must agree; then the primary they name gets the full check and must be a primary. An
 * unreachable sentinel is reported after the others were asked (a quorum problem explains more).
 * Used by one thread.
 */
final class SentinelChecks {
    private final RedisSettings settings;
    private final Duration timeout;
    private final String masterId;

    SentinelChecks(RedisSettings settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
        this.masterId = settings.sentinelMasterId().orElseThrow();
    }

    DoctorReport run() {
        List<DoctorStep> steps = new ArrayList<>();
        List<NodeChecks.Summary> unreachable = new ArrayList<>();
        Map<String, RedisNode> named = new LinkedHashMap<>();
        for (RedisNode sentinel : settings.nodes()) {
            RedisNode[] answer = new RedisNode[1];
            List<ConnectedStep> ask = new ArrayList<>(List.of(new ConnectedStep(DoctorCheck.SENTINEL, (resp, deadline) -> {
                answer[0] = primary(resp, deadline, sentinel);
                Object quorum = resp.call(deadline, "SENTINEL", "CKQUORUM", masterId);
                if (quorum instanceof RespConnection.Error e) {
                    throw NodeChecks.failed(e.text().startsWith("NOQUORUM") ? DiagnosisCode.SENTINEL_NO_QUORUM : NodeChecks.expectFailure(e),
                            "sentinel " + sentinel + " cannot authorize a failover of '" + masterId + "': " + e.text());
                }
                return "names " + answer[0] + " as primary of '" + masterId + "'; CKQUORUM " + quorum;
            })));
            DoctorReport report = new DoctorRun(NodeChecks.sentinel(settings, sentinel), timeout, true, ask).run();
            NodeChecks.Summary summary = NodeChecks.summarise(DoctorCheck.SENTINEL, "sentinel " + sentinel, report, false);
            if (summary.failure() == null) {
                steps.add(summary.step());
                named.put(sentinel.toString(), answer[0]);
            } else if (report.steps().get(report.steps().size() - 1).check() == DoctorCheck.SENTINEL) {
                steps.add(summary.step()); // it answered: unknown primary or no quorum
                return new DoctorReport(steps, summary.failure());
            } else {
                unreachable.add(summary);
            }
        }
        if (named.isEmpty()) {
            steps.add(unreachable.get(0).step());
            return new DoctorReport(steps, unreachable.get(0).failure());
        }
        if (named.values().stream().distinct().count() > 1) {
            Diagnosis d = Diagnosis.of(DiagnosisCode.SENTINEL_NO_QUORUM, "the sentinels name different primaries for '" + masterId + "': "
                    + named + " (a failover in progress, or sentinels that do not reach each other)");
            steps.add(new DoctorStep(DoctorCheck.SENTINEL_AGREEMENT, false, 0, d.code() + ": " + d.message()));
            return new DoctorReport(steps, d);
        }
        if (!unreachable.isEmpty()) {
            steps.add(unreachable.get(0).step());
            return new DoctorReport(steps, unreachable.get(0).failure());
        }
        RedisNode primary = named.values().iterator().next();
        steps.add(new DoctorStep(DoctorCheck.SENTINEL_AGREEMENT, true, 0, named.size() + " sentinel" + (named.size() > 1 ? "s name " : " names ") + primary));
        List<ConnectedStep> role = new ArrayList<>(List.of(new ConnectedStep(DoctorCheck.ROLE, (resp, deadline) -> StandaloneChecks.primaryRole(resp, deadline,
                "the primary the sentinels name (" + primary + ")"))));
        DoctorReport data = new DoctorRun(NodeChecks.dataNode(settings, primary), timeout, false, role).run();
        steps.addAll(data.steps());
        if (!data.healthy()) {
            NodeChecks.Summary s = NodeChecks.summarise(DoctorCheck.NODE, "primary " + primary + " (as the sentinels announce it)", data, true);
            if (s.failure().code() == DiagnosisCode.NODE_ADDRESS_UNREACHABLE) {
                steps.set(steps.size() - 1, s.step());
                return new DoctorReport(steps, s.failure());
            }
        }
        return new DoctorReport(steps, data.failure().orElse(null));
    }

    /** The primary's address by name; {@link DiagnosisCode#SENTINEL_MASTER_UNKNOWN} when the sentinel knows no such name. */
    private RedisNode primary(RespConnection resp, Deadline deadline, RedisNode sentinel) throws Exception {
        Object reply = NodeChecks.expectReply(resp.call(deadline, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterId));
        if (reply instanceof List<?> l && l.size() == 2) {
            try {
                return new RedisNode(String.valueOf(l.get(0)), Integer.parseInt(String.valueOf(l.get(1))));
            } catch (IllegalArgumentException e) {
                throw NodeChecks.failed(DiagnosisCode.SENTINEL_MASTER_UNKNOWN, "sentinel " + sentinel + " names an unusable address for '"
                        + masterId + "': " + l);
            }
        }
        throw NodeChecks.failed(DiagnosisCode.SENTINEL_MASTER_UNKNOWN, "sentinel " + sentinel + " monitors no primary named '" + masterId + "'");
    }
}
