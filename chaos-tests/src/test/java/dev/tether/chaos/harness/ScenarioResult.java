package dev.tether.chaos.harness;

import java.util.Map;

/**
 * What one run (scenario × transport × client) measured. Times in milliseconds; {@code null} means "did not
 * happen within the run" (not recovered, no connection replaced) or "cannot be measured" (phantom writes for
 * clients that never say "not sent").
 *
 * @param recoveryMs         fault cleared → first successful call started after it
 * @param stallDetectionMs   fault start → the client dropped or replaced its connection
 * @param firstErrorMs       fault start → first failed call
 * @param ok                 successful calls
 * @param notSent            calls failed with "not sent" (never written)
 * @param failed             calls failed otherwise (outcome unknown, or the client's own errors)
 * @param failuresByType     failed and not-sent calls by exception class
 * @param warnLines          WARN-or-worse log lines of the client while it ran
 * @param connections        client connections on the server after recovery ({@code null} if it did not answer)
 * @param durationMs         length of the timeline
 * @param faultStartMs       fault start, from the timeline's origin
 * @param faultEndMs         fault cleared, from the timeline's origin
 * @param okBuckets          successful calls per {@link Timeline#BUCKET_MILLIS}
 * @param errorBuckets       failed calls per {@link Timeline#BUCKET_MILLIS}
 */
public record ScenarioResult(String scenario, String title, String transport, String client,
                             Long recoveryMs, Long stallDetectionMs, Long firstErrorMs,
                             long ok, long notSent, long failed, Map<String, Long> failuresByType,
                             long lost, Long phantom, long misdelivered, long hung,
                             int warnLines, Integer connections,
                             long durationMs, long faultStartMs, long faultEndMs, int[] okBuckets, int[] errorBuckets) {

    public String label() {
        return scenario + " / " + transport + " / " + client;
    }
}
