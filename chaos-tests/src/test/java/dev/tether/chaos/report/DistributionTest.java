package dev.tether.chaos.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DistributionTest {

    @Test
    void percentilesAreNearestRankOverTheRunsThatHadTheFigure() {
        Distribution d = Distribution.of(List.of(30L, 10L, 20L, 40L, 1000L, 15L, 25L, 35L, 12L, 18L));
        assertThat(d.p50()).isEqualTo(20L);
        assertThat(d.p95()).isEqualTo(1000L);
        assertThat(d.max()).isEqualTo(1000L);
        assertThat(d.missing()).isZero();
        assertThat(d.wide()).as("one run 50x the median").isTrue();
    }

    @Test
    void aTightSpreadIsNotFlaggedAndRunsWithoutTheFigureAreCountedAndFlagged() {
        assertThat(Distribution.of(List.of(11L, 14L, 19L)).wide()).isFalse();
        Distribution some = Distribution.of(Arrays.asList(10L, null, 12L));
        assertThat(some.missing()).isEqualTo(1);
        assertThat(some.p50()).isEqualTo(10L);
        assertThat(some.wide()).isTrue();
        assertThat(some.text()).isEqualTo("10 / 12 / 12 (1 of 3 none)");
        Distribution none = Distribution.of(Arrays.asList(null, null));
        assertThat(none.p50()).isNull();
        assertThat(none.text()).isEqualTo("-");
    }
}
