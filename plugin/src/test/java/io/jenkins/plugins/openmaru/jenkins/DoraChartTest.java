package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.model.DoraFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoraChartTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void theRedPartOfEachBarIsTheChangeFailureRateAndTheTextCarriesTheFigures() {
        DoraChart chart = DoraChart.of(List.of(
                new DoraFigures(Duration.ofDays(7), NOW, null, 4, 1, 0.25, 1, Duration.ofMinutes(4), Duration.ofMinutes(4), 2, Duration.ofSeconds(1), 3,
                        Duration.ofHours(2)),
                new DoraFigures(Duration.ofDays(30), NOW, NOW.minus(Duration.ofDays(20)), 0, 0, null, 0, null, null, 0, null, 0, null)));

        assertThat(chart.getRows()).extracting(DoraChart.Row::label).containsExactly("7d", "30d*");
        assertThat(chart.getRows()).extracting(DoraChart.Row::failureWidth).containsExactly(DoraChart.BAR_WIDTH / 4, 0);
        assertThat(chart.getRows().get(0).figures()).isEqualTo("4 deploys (0.57/day), change failure 25% (1/4), time to restore 4m (median of 1), "
                + "lead time 2h (median of 3; 1 without commit time)");
        assertThat(chart.getRows().get(1).figures()).isEqualTo("0 deploys (0.00/day), no deployments");
        assertThat(chart.getRows()).extracting(DoraChart.Row::y).containsExactly(4, 4 + DoraChart.ROW_HEIGHT);
        assertThat(chart.getHeight()).isEqualTo(2 * DoraChart.ROW_HEIGHT + 4);
    }
}
