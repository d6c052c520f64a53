package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Computes DORA figures from what the cluster remembers: the release history and the drill trend. No
 * peer measures time to restore; here a real restore is measured from the failed release taking all
 * traffic to the rollback that made the previous release serve again, and drills are reported apart. Lead time
 * counts only deployments whose image carried a commit time when they were recorded.
 */
public final class Dora {
    /** The windows every view shows. */
    public static final List<Duration> WINDOWS = List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90));

    private Dora() {}

    public static List<DoraFigures> windows(List<Release> history, List<DrillSummary> drills, Instant now) {
        return WINDOWS.stream().map(w -> of(history, drills, now, w)).toList();
    }

    public static DoraFigures of(List<Release> history, List<DrillSummary> drills, Instant now, Duration window) {
        Instant from = now.minus(window);
        List<Release> deployments = history.stream().filter(r -> isDeployment(r) && inWindow(r.at(), from, now)).toList();
        int failed = 0;
        List<Duration> restores = new ArrayList<>();
        for (Release d : deployments) {
            Optional<Release> rollback = rollbackOf(history, d);
            if (rollback.isPresent()) {
                failed++;
                if (!rollback.get().at().isAfter(now)) {
                    restores.add(Duration.between(d.at(), rollback.get().at()));
                }
            }
        }
        // A commit time after the release (a skewed clock, a label set by hand) is no lead time: counted as unknown.
        List<Duration> leadTimes = deployments.stream().filter(d -> d.committedAt() != null && !d.committedAt().isAfter(d.at()))
                .map(d -> Duration.between(d.committedAt(), d.at())).toList();
        List<Duration> drillRestores = drills.stream().filter(x -> x.restore() != null && inWindow(x.at(), from, now))
                .map(DrillSummary::restore).toList();
        // Only a full history may have dropped older entries; a shorter one is the app's whole past.
        Instant since = history.size() < DeliveryState.MAX_HISTORY ? null : history.stream().map(Release::at).min(Comparator.naturalOrder()).orElse(null);
        return new DoraFigures(window, now, since, deployments.size(), failed,
                deployments.isEmpty() ? null : failed / (double) deployments.size(),
                restores.size(), median(restores), restores.stream().max(Comparator.naturalOrder()).orElse(null),
                drillRestores.size(), median(drillRestores), leadTimes.size(), median(leadTimes));
    }

    private static boolean isDeployment(Release r) {
        return r.outcome() == ReleaseOutcome.PROMOTED || r.outcome() == ReleaseOutcome.DEPLOYED;
    }

    private static boolean inWindow(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && !t.isAfter(to);
    }

    /** The first rollback that replaced {@code deployed}: the change failed. */
    private static Optional<Release> rollbackOf(List<Release> history, Release deployed) {
        return history.stream().filter(r -> r.outcome() == ReleaseOutcome.ROLLED_BACK && r.rolledBackFrom() == deployed.revision()
                && r.revision() > deployed.revision()).findFirst();
    }

    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }
}
