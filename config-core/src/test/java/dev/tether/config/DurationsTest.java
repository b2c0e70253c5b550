package dev.tether.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTest {

    @Test
    void readsEveryUnitDecimalsAndIso8601() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse(" 2 M ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Durations.parse("10ns")).isEqualTo(Duration.ofNanos(10));
        assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aBareNumberIsRefusedWithAHintToAddAUnit() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("5"))
                .withMessage("'5' has no unit: write 5s or 5ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0s", "-1s", "PT-1S", "PT0S", "soon", "1d", "1e3s", "99999999999999h", "P"})
    void refusesWhatIsNotAPositiveDurationInTheGrammar(String text) {
        assertThat(Durations.tryParse(text)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text)).withMessageContaining("'" + text.strip() + "'");
    }

    @Test
    void formatsTheTwoLargestUnits() {
        assertThat(Durations.format(Duration.ofMillis(820))).isEqualTo("820ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Durations.format(Duration.ofMinutes(192))).isEqualTo("3h 12m");
        assertThat(Durations.format(Duration.ofSeconds(-3))).isEqualTo("0ms");
    }

    @Test
    void argumentChecksNameTheArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.positive(Duration.ZERO, "timeout"))
                .withMessage("timeout must be a positive duration, was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.notNull(null, "settings"))
                .withMessage("settings must not be null");
        assertThat(Arguments.nonNegative(Duration.ZERO, "grace")).isZero();
    }
}
