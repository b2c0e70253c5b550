package dev.tether.chaos.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One figure over the repetitions of a run: p50, p95 and max (nearest rank) of the values that happened, and how
 * many runs had none ({@code null}: not recovered, no connection replaced).
 *
 * @param runs    repetitions measured
 * @param missing repetitions where the figure did not happen
 * @param p50     median of the values that happened, {@code null} when none did
 * @param p95     95th percentile (nearest rank), {@code null} when none did
 * @param max     largest value, {@code null} when none did
 */
public record Distribution(int runs, int missing, Long p50, Long p95, Long max) {
    /** Spread above which a figure is flagged: p95 − p50 beyond both this and p50 itself. */
    static final long WIDE_SPREAD_FLOOR_MS = 50;

    static Distribution of(Collection<Long> values) {
        List<Long> present = new ArrayList<>(values.stream().filter(Objects::nonNull).sorted().toList());
        int missing = values.size() - present.size();
        if (present.isEmpty()) {
            return new Distribution(values.size(), missing, null, null, null);
        }
        return new Distribution(values.size(), missing, rank(present, 0.50), rank(present, 0.95), present.get(present.size() - 1));
    }

    private static long rank(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Whether repetitions disagree: p95 − p50 is above {@value #WIDE_SPREAD_FLOOR_MS} ms and above p50, or some runs lack the figure. */
    public boolean wide() {
        if (p50 == null) {
            return false;
        }
        return missing > 0 || p95 - p50 > Math.max(WIDE_SPREAD_FLOOR_MS, p50);
    }

    /** "p50 / p95 / max" in ms, "-" for none, with the missing count. */
    String text() {
        if (p50 == null) {
            return "-";
        }
        String s = p50 + " / " + p95 + " / " + max;
        return missing > 0 ? s + " (" + missing + " of " + runs + " none)" : s;
    }
}
