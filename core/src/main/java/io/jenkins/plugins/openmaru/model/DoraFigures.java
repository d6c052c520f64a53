package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An app's DORA figures over one window, from its own release history and drill trend.
 *
 * @param window how far back from {@code to} the figures look (7, 30 or 90 days)
 * @param historySince when the history is full (older entries were dropped), its oldest entry: figures before it are unknown; else null
 * @param deployments releases that took all traffic in the window (PROMOTED, and DEPLOYED first deployments)
 * @param failedDeployments of those, the ones rolled back afterwards (a ROLLED_BACK entry names them in {@code rolledBackFrom})
 * @param changeFailureRate failedDeployments / deployments; null without deployments
 * @param restores real rollbacks in the window that restored a failed deployment
 * @param medianTimeToRestore from the failed release taking all traffic to the rollback serving the previous one; null without restores
 * @param maxTimeToRestore the longest of those; null without restores
 * @param drills rollback drills in the window whose rollback finished
 * @param medianDrillTimeToRestore the drills' measured time to restore (decision to verified routing write), shown apart; null without drills
 * @param leadTimes deployments whose image carried a commit time; the others ({@link #deploymentsWithoutCommitTime()}) are not guessed
 * @param medianLeadTime from the commit to the release taking all traffic, over {@code leadTimes} deployments; null without any
 */
public record DoraFigures(
        Duration window,
        Instant to,
        Instant historySince,
        int deployments,
        int failedDeployments,
        Double changeFailureRate,
        int restores,
        Duration medianTimeToRestore,
        Duration maxTimeToRestore,
        int drills,
        Duration medianDrillTimeToRestore,
        int leadTimes,
        Duration medianLeadTime) {

    public DoraFigures {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(to, "to");
    }

    public Instant from() {
        return to.minus(window);
    }

    /** Deployments in the window whose lead time is unknown: their images carried no commit time. */
    public int deploymentsWithoutCommitTime() {
        return deployments - leadTimes;
    }

    /** Deployments per day over the window. */
    public double deploymentsPerDay() {
        return deployments / (double) Math.max(1, window.toDays());
    }

    /**
     * Plain values for JSON and Pipeline maps: {@code days}, {@code from}, {@code to}, {@code historySince}, {@code covered},
     * {@code deployments}, {@code deploymentsPerDay}, {@code failedDeployments}, {@code changeFailureRate}, {@code restores},
     * {@code medianTimeToRestoreMs}, {@code maxTimeToRestoreMs}, {@code drills}, {@code medianDrillTimeToRestoreMs},
     * {@code deploymentsWithCommitTime}, {@code deploymentsWithoutCommitTime}, {@code medianLeadTimeMs} (absent values null).
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("days", window.toDays());
        m.put("from", from().toString());
        m.put("to", to.toString());
        m.put("historySince", historySince == null ? null : historySince.toString());
        m.put("covered", covered());
        m.put("deployments", deployments);
        m.put("deploymentsPerDay", deploymentsPerDay());
        m.put("failedDeployments", failedDeployments);
        m.put("changeFailureRate", changeFailureRate);
        m.put("restores", restores);
        m.put("medianTimeToRestoreMs", millis(medianTimeToRestore));
        m.put("maxTimeToRestoreMs", millis(maxTimeToRestore));
        m.put("drills", drills);
        m.put("medianDrillTimeToRestoreMs", millis(medianDrillTimeToRestore));
        m.put("deploymentsWithCommitTime", leadTimes);
        m.put("deploymentsWithoutCommitTime", deploymentsWithoutCommitTime());
        m.put("medianLeadTimeMs", millis(medianLeadTime));
        return m;
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    /** Whether the bounded history reaches back over the whole window. */
    public boolean covered() {
        return historySince == null || !historySince.isAfter(from());
    }
}
