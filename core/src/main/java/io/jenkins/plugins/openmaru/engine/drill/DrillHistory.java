package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.engine.StaleStateException;
import io.jenkins.plugins.openmaru.engine.StateStore;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a drill in the app's release history as one {@link ReleaseOutcome#DRILL} entry, so it is never
 * taken for a real rollback. The engine's rollback and roll-forward entries of a drill that rolled forward
 * are folded into it (the release serving before the drill is the serving one again); a drill that left the
 * earlier release serving keeps that rollback entry, since it is what serves. Earlier drill entries are
 * dropped: the trend lives in {@link DrillTrend}, and history slots stay for releases.
 */
final class DrillHistory {
    private static final int RETRIES = 5;

    private final StateStore store;

    DrillHistory(StateStore store) {
        this.store = store;
    }

    /**
     * @param firstDrillRevision the app's next revision when the drill began: entries from it on are the drill's
     * @param identity the drill's engine identity, to recognise its last rollout
     */
    void record(DrillResult result, int firstDrillRevision, String identity, boolean rolledForward) {
        var app = result.app();
        StaleStateException last = null;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            StateStore.Snapshot snap = store.load(app);
            DeliveryState s = snap.state();
            List<Release> kept = new ArrayList<>();
            for (Release r : s.history()) {
                boolean drills = r.revision() >= firstDrillRevision && r.outcome() == ReleaseOutcome.ROLLED_BACK && r.actor().equals(result.actor());
                if (r.outcome() != ReleaseOutcome.DRILL && !(drills && rolledForward)) {
                    kept.add(r);
                }
            }
            int revision = rolledForward ? Math.max(s.nextRevision() - 1, firstDrillRevision) : s.nextRevision();
            Release entry = new Release(revision, result.plan().target().image(), result.plan().targetSlot(), null, ReleaseOutcome.DRILL,
                    result.startedAt(), result.actor(), "rollback drill " + result.id() + ": " + result.outcome() + "; " + result.message(),
                    result.plan().serving().revision(), result.plan().target().env());
            Rollout r = s.rollout();
            Rollout rollout = r != null && rolledForward && r.isRollback() && identity.equals(r.driver())
                    ? r.withMessage("rollback drill " + result.id() + ": " + result.message(), result.finishedAt()) : r;
            DeliveryState updated = new DeliveryState(s.activeSlot(), kept, rollout, s.scaleDown()).withRelease(entry);
            try {
                store.save(app, updated, snap.resourceVersion());
                return;
            } catch (StaleStateException e) {
                last = e;
            }
        }
        throw last;
    }
}
