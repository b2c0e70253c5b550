package dev.tether.chaos;

import dev.tether.chaos.harness.ScenarioResult;
import org.assertj.core.api.SoftAssertions;

/** What tether's runs assert, whatever backend made the fault. */
final class TetherPromises {
    /** Recovery budget: fault cleared → first successful call ({@code -Dchaos.recovery.budget.ms}). Generous; timings go to the report. */
    static final long RECOVERY_BUDGET_MS = Long.getLong("chaos.recovery.budget.ms", 5_000);
    /** Stall detection bound: fault start → connection replaced ({@code -Dchaos.stall.bound.ms}; the goal is 2 s with defaults). */
    static final long STALL_DETECTION_BOUND_MS = Long.getLong("chaos.stall.bound.ms", 4_000);

    private TetherPromises() {
    }

    /**
     * Nothing lost, no phantom write, no misdelivered reply, nothing hung, recovery within budget; stall detection
     * within its bound when {@code stall} (the scenario's own bound when it has one, e.g. the preset's keepalive).
     */
    static void assertKept(ScenarioResult r, boolean stall) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.lost()).as("acknowledged writes lost").isZero();
        soft.assertThat(r.phantom()).as("writes applied although the caller was told 'not sent'").isZero();
        soft.assertThat(r.misdelivered()).as("replies delivered to the wrong command").isZero();
        soft.assertThat(r.hung()).as("calls with no return within the bound").isZero();
        soft.assertThat(r.recoveryMs()).as("recovery ms (fault cleared → first successful call)").isNotNull()
                .isLessThanOrEqualTo(RECOVERY_BUDGET_MS);
        Long bound = r.timings().detectionBoundMs();
        if (stall || bound != null) {
            soft.assertThat(r.stallDetectionMs()).as("stall detection ms (fault start → connection replaced)").isNotNull()
                    .isLessThanOrEqualTo(bound != null ? bound : STALL_DETECTION_BOUND_MS);
        }
        soft.assertAll();
    }
}
