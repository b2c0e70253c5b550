package dev.tether.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommandTrackerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aCommandInsideItsOwnTimeoutIsNeverOverdueHoweverLongTheSilence() {
        CommandTracker tracker = new CommandTracker(0, null);
        tracker.dispatched(0, 5_000 * MS); // a per-call override: 5 s for a slow script
        assertThat(tracker.overdueSilenceNanos(4_900 * MS)).isZero();
        assertThat(tracker.overdueSilenceNanos(5_100 * MS)).isEqualTo(5_100 * MS);
    }

    @Test
    void aSlowCommandTrackedJustAfterTheHeadMayBeAheadOfItOnTheWireSoTheHeadWaitsForItsDeadline() {
        CommandTracker tracker = new CommandTracker(0, null);
        tracker.dispatched(0, 1_000 * MS);        // a GET tracked first, written second
        tracker.dispatched(1 * MS, 3_000 * MS);   // a 1.5 s script with a per-call timeout, written first
        assertThat(tracker.overdueSilenceNanos(1_200 * MS)).isZero();
        assertThat(tracker.overdueSilenceNanos(3_100 * MS)).isEqualTo(3_100 * MS);
    }

    @Test
    void aCommandTrackedWellAfterTheHeadDoesNotKeepAnOverdueHeadWaiting() {
        CommandTracker tracker = new CommandTracker(0, null);
        tracker.dispatched(0, 1_000 * MS);
        tracker.dispatched(200 * MS, 3_000 * MS); // written after the head: its reply can only come after the head's
        assertThat(tracker.overdueSilenceNanos(1_200 * MS)).isEqualTo(1_200 * MS);
    }

    @Test
    void aRetiredConnectionWaitsForTheYoungestDeadlineOfItsUnansweredCommands() {
        CommandTracker tracker = new CommandTracker(0, null);
        tracker.dispatched(0, 1_000 * MS);
        CommandTracker.TrackedCommand younger = tracker.dispatched(900 * MS, 1_000 * MS);
        tracker.dispatched(950 * MS, 0); // no limit: not waited for
        assertThat(tracker.untilLastDeadlineNanos(1_500 * MS)).isEqualTo(400 * MS);
        younger.finished(null);
        assertThat(tracker.untilLastDeadlineNanos(1_500 * MS)).isZero();
    }

    @Test
    void progressAfterTheOldestCommandWasSentResetsTheSilence() {
        CommandTracker tracker = new CommandTracker(0, null);
        tracker.dispatched(0, 1_000 * MS);
        tracker.progress(1_500 * MS); // bytes of a long reply arriving
        assertThat(tracker.overdueSilenceNanos(1_700 * MS)).isEqualTo(200 * MS);
    }

    @Test
    void finishedCommandsLeaveTheHeadSoTheNextOldestDecides() {
        CommandTracker tracker = new CommandTracker(0, null);
        CommandTracker.TrackedCommand first = tracker.dispatched(0, 1_000 * MS);
        tracker.dispatched(10 * MS, 0); // no limit: a blocking read on a dedicated connection
        first.finished(null);
        assertThat(tracker.outstanding()).isEqualTo(1);
        assertThat(tracker.overdueSilenceNanos(60_000 * MS)).isZero();
    }

    @Test
    void errorRepliesReachTheObserverAndCountAsProgress() {
        List<String> seen = new ArrayList<>();
        CommandTracker tracker = new CommandTracker(0, e -> seen.add(e.getMessage()));
        tracker.dispatched(0, 1_000 * MS).finished(new RedisCommandExecutionException("READONLY You can't write against a read only replica."));
        tracker.dispatched(0, 1_000 * MS).finished(new java.io.IOException("Connection reset"));
        assertThat(seen).containsExactly("READONLY You can't write against a read only replica.");
        assertThat(tracker.outstanding()).isZero();
    }
}
