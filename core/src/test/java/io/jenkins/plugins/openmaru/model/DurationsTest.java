package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"1087, 1.087s", "4539, 4.539s", "1500, 1.5s", "1050, 1.05s", "250, 250ms", "150000, 2m30s", "60250, 1m0.25s",
            "5400000, 1h30m", "45000, 45s", "0, 0s"})
    void millisecondsNextToSecondsAreADecimalFractionAndParseBack(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse("d", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aFractionIsOnlyReadOnSeconds() {
        assertThat(Durations.parse("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> Durations.parse("d", "1.5m")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Durations.parse("d", "1.5ms")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Durations.parse("d", "1.2345s")).isInstanceOf(ValidationException.class);
    }

    @Test
    void aWholeNumberIsSecondsWhileTextNeedsItsUnit() {
        assertThat(Durations.of("progressDeadline", 600)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.of("progressDeadline", 600L)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.of("progressDeadline", "10m")).isEqualTo(Duration.ofMinutes(10));
        for (Object bad : new Object[] {"600", -5, new java.math.BigDecimal("1.5"), true}) {
            assertThatThrownBy(() -> Durations.of("progressDeadline", bad)).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("progressDeadline: " + bad + " is not allowed");
        }
    }
}
