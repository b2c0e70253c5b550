package dev.tether.chaos.harness;

import java.util.Map;

/**
 * What one run (scenario × transport × client × repetition) measured, in groups a reader can take in one at
 * a time. Times in milliseconds; {@code null} means "did not happen within the run" (not recovered, no
 * connection replaced) or "cannot be measured" (phantom writes for clients that never say "not sent").
 */
public record ScenarioResult(RunId id, Timings timings, Outcomes outcomes, Invariants invariants, Aftermath aftermath,
                             Series series) {

    /**
     * Which run this was.
     *
     * @param repetition 1-based index among the runs of the same scenario, transport and client
     */
    public record RunId(String scenario, String title, String transport, String client, int repetition) {
        /** scenario / transport / client, the same for every repetition. */
        public String cell() {
            return scenario + " / " + transport + " / " + client;
        }
    }

    /**
     * @param recoveryMs       fault cleared → first successful call started after it
     * @param stallDetectionMs fault start → the client dropped or replaced its connection
     * @param firstErrorMs     fault start → first failed call
     * @param detectionBoundMs the bound stall detection must meet for this scenario (e.g. the provider preset's
     *                         keepalive / {@code TCP_USER_TIMEOUT} for an idle blackhole), {@code null} for none
     */
    public record Timings(Long recoveryMs, Long stallDetectionMs, Long firstErrorMs, Long detectionBoundMs) {
        public Timings(Long recoveryMs, Long stallDetectionMs, Long firstErrorMs) {
            this(recoveryMs, stallDetectionMs, firstErrorMs, null);
        }
    }

    /**
     * @param ok             successful calls
     * @param notSent        calls failed with "not sent" (never written)
     * @param failed         calls failed otherwise (outcome unknown, or the client's own errors)
     * @param failuresByType failed and not-sent calls by exception class
     */
    public record Outcomes(long ok, long notSent, long failed, Map<String, Long> failuresByType) {
    }

    /**
     * The promises a user relies on; each must be zero for tether.
     *
     * @param lost         acknowledged writes missing afterwards
     * @param phantom      writes applied although the caller was told "not sent" ({@code null}: not measurable)
     * @param misdelivered replies delivered to the wrong command
     * @param hung         calls with no return within the bound
     */
    public record Invariants(long lost, Long phantom, long misdelivered, long hung) {
        public boolean held() {
            return lost == 0 && (phantom == null || phantom == 0) && misdelivered == 0 && hung == 0;
        }
    }

    /**
     * @param warnLines   WARN-or-worse log lines of the client while it ran
     * @param connections client connections on the server after recovery ({@code null} if it did not answer)
     */
    public record Aftermath(int warnLines, Integer connections) {
    }

    /**
     * The timeline, for the charts.
     *
     * @param durationMs   length of the timeline
     * @param faultStartMs fault start, from the timeline's origin
     * @param faultEndMs   fault cleared, from the timeline's origin
     * @param okBuckets    successful calls per {@link Timeline#BUCKET_MILLIS}
     * @param errorBuckets failed calls per {@link Timeline#BUCKET_MILLIS}
     */
    public record Series(long durationMs, long faultStartMs, long faultEndMs, int[] okBuckets, int[] errorBuckets) {
    }

    public String scenario() {
        return id.scenario();
    }

    public String title() {
        return id.title();
    }

    public String transport() {
        return id.transport();
    }

    public String client() {
        return id.client();
    }

    public Long recoveryMs() {
        return timings.recoveryMs();
    }

    public Long stallDetectionMs() {
        return timings.stallDetectionMs();
    }

    public long lost() {
        return invariants.lost();
    }

    public Long phantom() {
        return invariants.phantom();
    }

    public long misdelivered() {
        return invariants.misdelivered();
    }

    public long hung() {
        return invariants.hung();
    }

    /** scenario / transport / client #repetition: unique per run. */
    public String label() {
        return id.cell() + " #" + id.repetition();
    }
}
