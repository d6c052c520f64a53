package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.DoraFigures;
import io.jenkins.plugins.openmaru.model.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Release History page's DORA chart, laid out here so the view is plain SVG with no script: one row per
 * window, a bar whose red part is the change-failure rate, and the figures as text beside it.
 */
public final class DoraChart {
    static final int BAR_WIDTH = 160;
    static final int ROW_HEIGHT = 22;

    /** One window: where it is drawn and what it says. */
    public record Row(String label, int y, int textY, int failureWidth, String figures) {}

    private final List<Row> rows;

    private DoraChart(List<Row> rows) {
        this.rows = rows;
    }

    static DoraChart of(List<DoraFigures> windows) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            DoraFigures w = windows.get(i);
            double rate = w.changeFailureRate() == null ? 0 : w.changeFailureRate();
            rows.add(new Row(w.window().toDays() + "d" + (w.covered() ? "" : "*"), i * ROW_HEIGHT + 4, i * ROW_HEIGHT + 17,
                    (int) Math.round(rate * BAR_WIDTH), figures(w)));
        }
        return new DoraChart(rows);
    }

    private static String figures(DoraFigures w) {
        String failure = w.changeFailureRate() == null ? "no deployments"
                : String.format(Locale.ROOT, "change failure %.0f%% (%d/%d)", 100 * w.changeFailureRate(), w.failedDeployments(), w.deployments());
        String restore = w.medianTimeToRestore() == null ? "" : ", time to restore " + Durations.format(w.medianTimeToRestore()) + " (median of "
                + w.restores() + ")";
        return String.format(Locale.ROOT, "%d deploys (%.2f/day), ", w.deployments(), w.deploymentsPerDay()) + failure + restore + leadTime(w);
    }

    /** Lead time over the deployments whose image carried a commit time; the others are counted, not guessed. */
    private static String leadTime(DoraFigures w) {
        if (w.deployments() == 0) {
            return "";
        }
        String without = w.deploymentsWithoutCommitTime() == 0 ? "" : w.deploymentsWithoutCommitTime() + " without commit time";
        return w.medianLeadTime() == null ? ", lead time unknown (" + without + ")"
                : ", lead time " + Durations.format(w.medianLeadTime()) + " (median of " + w.leadTimes() + (without.isEmpty() ? "" : "; " + without) + ")";
    }

    public List<Row> getRows() {
        return rows;
    }

    public int getHeight() {
        return rows.size() * ROW_HEIGHT + 4;
    }

    public int getBarWidth() {
        return BAR_WIDTH;
    }
}
