package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DoraFigures;
import io.jenkins.plugins.openmaru.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code openmaru history --dora}: the figures as JSON, or as a table for an 80-column terminal. */
final class DoraView {
    private DoraView() {}

    /** {@code {"app","namespace","windows":[DoraFigures.asMap()...]}}, shortest window first. */
    static Map<String, Object> of(AppRef app, List<DoraFigures> windows) {
        return Map.of("app", app.app(), "namespace", app.namespace(), "windows", windows.stream().map(DoraFigures::asMap).toList());
    }

    static void printText(PrintWriter out, Map<String, Object> figures) {
        out.printf("%-7s %-14s %-15s %-22s %s%n", "WINDOW", "DEPLOYS", "CHANGE FAILURE", "TIME TO RESTORE", "DRILL RESTORE");
        boolean partial = false;
        for (Object o : (List<?>) figures.get("windows")) {
            Map<?, ?> w = (Map<?, ?>) o;
            partial |= !(Boolean) w.get("covered");
            Object rate = w.get("changeFailureRate");
            out.printf("%-7s %-14s %-15s %-22s %s%n",
                    w.get("days") + "d" + ((Boolean) w.get("covered") ? "" : "*"),
                    w.get("deployments") + String.format(Locale.ROOT, " (%.2f/d)", (Double) w.get("deploymentsPerDay")),
                    rate == null ? "-" : String.format(Locale.ROOT, "%.0f%% (%s/%s)", 100 * (Double) rate, w.get("failedDeployments"), w.get("deployments")),
                    restore(w.get("medianTimeToRestoreMs"), w.get("maxTimeToRestoreMs"), w.get("restores")),
                    w.get("drills").equals(0) ? "-" : duration(w.get("medianDrillTimeToRestoreMs")) + " (" + w.get("drills") + " drills)");
        }
        out.printf("%n%-7s %s%n", "WINDOW", "LEAD TIME (median, commit to serving 100%)");
        for (Object o : (List<?>) figures.get("windows")) {
            Map<?, ?> w = (Map<?, ?>) o;
            Object without = w.get("deploymentsWithoutCommitTime");
            String unknown = without.equals(0) ? "" : without + " without a commit time";
            out.printf("%-7s %s%n", w.get("days") + "d" + ((Boolean) w.get("covered") ? "" : "*"),
                    w.get("medianLeadTimeMs") == null ? (unknown.isEmpty() ? "-" : "unknown (" + unknown + ")")
                            : duration(w.get("medianLeadTimeMs")) + " (" + w.get("deploymentsWithCommitTime") + " deployments"
                            + (unknown.isEmpty() ? "" : "; " + unknown) + ")");
        }
        out.println("time to restore (median): from a failed release taking all traffic to the rollback that restored");
        out.println("the previous one; drill restore: drills' measured time to restore, shown apart; lead time: from");
        out.println("the commit (image label io.openshift.build.commit.date or org.opencontainers.image.created) to the release");
        if (partial) {
            out.println("* the history (last 30 releases) does not reach back over the whole window");
        }
        out.flush();
    }

    private static String restore(Object median, Object max, Object count) {
        return median == null ? "-" : duration(median) + " (max " + duration(max) + ", " + count + ")";
    }

    private static String duration(Object millis) {
        return Durations.format(Duration.ofMillis(((Number) millis).longValue()));
    }
}
