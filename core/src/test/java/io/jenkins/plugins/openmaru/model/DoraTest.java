package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoraTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static Release release(int revision, ReleaseOutcome outcome, Instant at, int rolledBackFrom) {
        return new Release(revision, "registry/shop:" + revision, revision % 2 == 0 ? Slot.GREEN : Slot.BLUE,
                outcome == ReleaseOutcome.ROLLED_BACK ? null : Strategy.CANARY, outcome, at, "alice", "", rolledBackFrom, null);
    }

    private static Instant daysAgo(double days) {
        return NOW.minusSeconds((long) (days * 86_400));
    }

    @Test
    void leadTimeIsTheMedianFromCommitToReleaseOverDeploymentsWhoseImageCarriedACommitTime() {
        List<Release> history = List.of(
                new Release(1, "registry/shop:1", Slot.BLUE, Strategy.CANARY, ReleaseOutcome.PROMOTED, daysAgo(2), "alice", "", 0, null,
                        daysAgo(2).minus(Duration.ofHours(3))),
                new Release(2, "registry/shop:2", Slot.GREEN, Strategy.CANARY, ReleaseOutcome.PROMOTED, daysAgo(1), "alice", "", 0, null,
                        daysAgo(1).minus(Duration.ofHours(1))),
                // no commit time: counted apart, not guessed
                release(3, ReleaseOutcome.PROMOTED, daysAgo(0.5), 0),
                // a commit time after the release (a skewed clock) is no lead time
                new Release(4, "registry/shop:4", Slot.GREEN, Strategy.CANARY, ReleaseOutcome.PROMOTED, daysAgo(0.2), "alice", "", 0, null, NOW),
                // an abort deploys nothing
                new Release(5, "registry/shop:5", Slot.BLUE, Strategy.CANARY, ReleaseOutcome.ABORTED, daysAgo(0.1), "alice", "", 0, null,
                        daysAgo(0.2)));

        DoraFigures week = Dora.of(history, List.of(), NOW, Duration.ofDays(7));

        assertThat(week.deployments()).isEqualTo(4);
        assertThat(week.leadTimes()).isEqualTo(2);
        assertThat(week.deploymentsWithoutCommitTime()).isEqualTo(2);
        assertThat(week.medianLeadTime()).isEqualTo(Duration.ofHours(2));
        assertThat(week.asMap()).containsEntry("deploymentsWithCommitTime", 2).containsEntry("deploymentsWithoutCommitTime", 2)
                .containsEntry("medianLeadTimeMs", Duration.ofHours(2).toMillis());
        assertThat(Dora.of(history.subList(2, 3), List.of(), NOW, Duration.ofDays(7)).medianLeadTime()).isNull();
    }

    @Test
    void frequencyFailureRateAndTimeToRestoreComeFromTheHistoryPerWindow() {
        List<Release> history = List.of(
                release(1, ReleaseOutcome.DEPLOYED, daysAgo(60), 0),
                release(2, ReleaseOutcome.PROMOTED, daysAgo(20), 0),
                release(3, ReleaseOutcome.ROLLED_BACK, daysAgo(20).plus(Duration.ofMinutes(30)), 2),
                release(4, ReleaseOutcome.ABORTED, daysAgo(5), 0),
                release(5, ReleaseOutcome.PROMOTED, daysAgo(3), 0),
                release(6, ReleaseOutcome.ROLLED_BACK, daysAgo(3).plus(Duration.ofMinutes(4)), 5),
                release(7, ReleaseOutcome.PROMOTED, daysAgo(1), 0));
        List<DrillSummary> drills = List.of(
                new DrillSummary("d1", daysAgo(2), "prod", DrillOutcome.PASSED, 7, 5, Duration.ofMillis(800), null, null, ""),
                new DrillSummary("d2", daysAgo(40), "prod", DrillOutcome.PASSED, 2, 1, Duration.ofSeconds(2), null, null, ""));

        List<DoraFigures> w = Dora.windows(history, drills, NOW);

        DoraFigures week = w.get(0);
        assertThat(week.deployments()).isEqualTo(2);
        assertThat(week.deploymentsPerDay()).isEqualTo(2 / 7.0);
        assertThat(week.failedDeployments()).isEqualTo(1);
        assertThat(week.changeFailureRate()).isEqualTo(0.5);
        assertThat(week.medianTimeToRestore()).isEqualTo(Duration.ofMinutes(4));
        assertThat(week.drills()).isEqualTo(1);
        assertThat(week.medianDrillTimeToRestore()).isEqualTo(Duration.ofMillis(800));
        assertThat(week.covered()).isTrue();

        DoraFigures month = w.get(1);
        assertThat(month.deployments()).isEqualTo(3);
        assertThat(month.changeFailureRate()).isEqualTo(2 / 3.0);
        assertThat(month.restores()).isEqualTo(2);
        assertThat(month.medianTimeToRestore()).isEqualTo(Duration.ofMinutes(17));
        assertThat(month.maxTimeToRestore()).isEqualTo(Duration.ofMinutes(30));

        DoraFigures quarter = w.get(2);
        assertThat(quarter.deployments()).as("the first deployment counts").isEqualTo(4);
        assertThat(quarter.drills()).isEqualTo(2);
        assertThat(quarter.medianDrillTimeToRestore()).isEqualTo(Duration.ofMillis(1400));
        assertThat(quarter.covered()).as("a history that dropped nothing is the app's whole past").isTrue();
    }

    @Test
    void aFullHistoryThatStartsInsideTheWindowDoesNotCoverIt() {
        List<Release> full = java.util.stream.IntStream.rangeClosed(1, DeliveryState.MAX_HISTORY)
                .mapToObj(i -> release(i, ReleaseOutcome.PROMOTED, daysAgo(30 - i * 0.5), 0)).toList();
        List<DoraFigures> w = Dora.windows(full, List.of(), NOW);
        assertThat(w.get(0).covered()).isTrue();
        assertThat(w.get(1).covered()).as("the oldest kept entry is 29.5 days old").isFalse();
        assertThat(w.get(1).historySince()).isEqualTo(daysAgo(29.5));
    }

    @Test
    void withoutDeploymentsThereIsNoRateRatherThanZero() {
        DoraFigures f = Dora.of(List.of(release(1, ReleaseOutcome.DEPLOYED, daysAgo(10), 0)), List.of(), NOW, Duration.ofDays(7));
        assertThat(f.deployments()).isZero();
        assertThat(f.changeFailureRate()).isNull();
        assertThat(f.medianTimeToRestore()).isNull();
        assertThat(f.drills()).isZero();
    }
}
