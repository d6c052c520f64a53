package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.engine.StatusDocument;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One line of an app's release history as the Release History page shows it: the release, whether it
 * serves now, and why it cannot be rolled back to (null when it can). The reasons mirror the engine's
 * own checks, so a button is offered only where a rollback would be accepted.
 */
public record ReleaseRow(Release release, boolean serving, String whyNot) {

    /** The app's releases, newest first. */
    static List<ReleaseRow> of(DeliveryState s) {
        Release current = s.serving().orElse(null);
        List<ReleaseRow> rows = new ArrayList<>();
        for (int i = s.history().size() - 1; i >= 0; i--) {
            Release r = s.history().get(i);
            boolean serving = current != null && current.revision() == r.revision();
            rows.add(new ReleaseRow(r, serving, serving ? "serving now" : whyNot(s, current, r)));
        }
        return rows;
    }

    private static String whyNot(DeliveryState s, Release current, Release r) {
        if (s.inProgress()) {
            return "a rollout is in progress: promote or abort it on its build's page first";
        }
        if (r.outcome() == ReleaseOutcome.DRILL) {
            return "a rollback drill, not a release";
        }
        if (!r.outcome().served()) {
            return "never served all traffic";
        }
        if (current != null && r.image().equals(current.image())) {
            return "the same image serves now";
        }
        return null;
    }

    /** Whether the page offers "Rollback to this release". */
    public boolean canRollBack() {
        return whyNot == null;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = StatusDocument.release(release);
        m.put("serving", serving);
        m.put("rollbackTarget", canRollBack());
        if (!serving && whyNot != null) {
            m.put("notRollbackTargetBecause", whyNot);
        }
        return m;
    }
}
