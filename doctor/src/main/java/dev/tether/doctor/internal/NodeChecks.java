package dev.tether.doctor.internal;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.doctor.DoctorCheck;
import dev.tether.doctor.DoctorReport;
import dev.tether.doctor.DoctorStep;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the cluster and Sentinel checks share: the settings for one node, one node's brief run
 * summarised as one step, and {@code INFO} sections read on an open connection. Stateless.
 */
final class NodeChecks {
    /** The codes that mean "no connection could be made" rather than "the server refused something". */
    private static final Set<DiagnosisCode> UNREACHABLE = Set.of(DiagnosisCode.DNS_UNRESOLVABLE, DiagnosisCode.TCP_REFUSED,
            DiagnosisCode.TCP_TIMEOUT, DiagnosisCode.SERVER_UNRESPONSIVE, DiagnosisCode.CONNECTION_RESET, DiagnosisCode.CONNECTION_CLOSED);

    private NodeChecks() {
    }

    /** {@code settings} aimed at one data node (a cluster node, Sentinel's primary): its credentials, TLS and database. */
    static RedisSettings dataNode(RedisSettings settings, RedisNode node) {
        return settings.toBuilder().mode(RedisMode.STANDALONE).sentinelMasterId(null).nodes(List.of(node))
                .database(settings.mode() == RedisMode.CLUSTER ? 0 : settings.database()).build();
    }

    /** {@code settings} aimed at one sentinel: no user, the sentinels' own password, database 0. */
    static RedisSettings sentinel(RedisSettings settings, RedisNode node) {
        return settings.toBuilder().mode(RedisMode.STANDALONE).sentinelMasterId(null).nodes(List.of(node)).database(0)
                .username(null).password(settings.sentinelPassword()).build();
    }

    /**
     * One step for a whole brief run of {@code what}: its last step's detail when it passed, else the
     * failed step and its diagnosis. {@code announced}: the address came from the server (not the
     * settings), so a failure to connect is {@link DiagnosisCode#NODE_ADDRESS_UNREACHABLE}.
     */
    static Summary summarise(DoctorCheck check, String what, DoctorReport report, boolean announced) {
        long millis = report.steps().stream().mapToLong(DoctorStep::millis).sum();
        DoctorStep last = report.steps().get(report.steps().size() - 1);
        if (report.healthy()) {
            return new Summary(new DoctorStep(check, true, millis, what + ": " + last.name() + " " + last.detail()), null);
        }
        Diagnosis cause = report.failure().orElseThrow();
        Diagnosis d;
        if (announced && UNREACHABLE.contains(cause.code())) {
            d = Diagnosis.of(DiagnosisCode.NODE_ADDRESS_UNREACHABLE, what + " cannot be reached from here: " + last.name() + " failed with "
                    + cause.code() + " (" + cause.message() + ")");
        } else {
            d = new Diagnosis(cause.code(), what + ": " + last.name() + " failed: " + cause.message(), cause.hint());
        }
        return new Summary(new DoctorStep(check, false, millis, d.code() + ": " + d.message()), d);
    }

    /** One summarised node: its step, and its diagnosis when it failed. */
    record Summary(DoctorStep step, Diagnosis failure) {
    }

    /** The fields of one {@code INFO} section; empty when the user may not run INFO (NOPERM). */
    static Optional<Map<String, String>> info(RespConnection resp, Deadline deadline, String section) throws Exception {
        Object reply = resp.call(deadline, "INFO", section);
        if (reply instanceof RespConnection.Error e && e.text().startsWith("NOPERM")) {
            return Optional.empty();
        }
        return Optional.of(fields(String.valueOf(expectReply(reply))));
    }

    /** {@code key:value} lines (INFO, CLUSTER INFO) as a map. */
    static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    /** The reply, or a failed step with the error reply's diagnosis. */
    static Object expectReply(Object reply) throws StepFailedException {
        if (reply instanceof RespConnection.Error e) {
            throw new StepFailedException(dev.tether.diagnosis.spi.Classification.ofReply(e.text()));
        }
        return reply;
    }

    /** The code an error reply stands for. */
    static DiagnosisCode expectFailure(RespConnection.Error e) {
        return dev.tether.diagnosis.spi.Classification.ofReply(e.text()).code();
    }

    static StepFailedException failed(DiagnosisCode code, String message) {
        return new StepFailedException(Diagnosis.of(code, message));
    }

    static DoctorRun brief(RedisSettings node, Duration timeout) {
        return new DoctorRun(node, timeout, true, new java.util.ArrayList<>());
    }
}
