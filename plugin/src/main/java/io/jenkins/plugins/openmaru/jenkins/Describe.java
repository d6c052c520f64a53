package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.engine.Wait;
import io.jenkins.plugins.openmaru.model.Rollout;

/** One-line descriptions of a rollout for the build log, the step's status and the build page. */
final class Describe {
    private Describe() {}

    static String rollout(Rollout r) {
        String what = r.isRollback() ? "rollback to revision " + r.rollbackTo()
                : r.strategy().label() + " of " + r.image();
        String step = r.stepCount() > 0 ? ", step " + Math.min(r.stepIndex() + 1, r.stepCount()) + "/" + r.stepCount() : "";
        return what + ": " + r.phase() + " at weight " + r.weight() + "%" + step;
    }

    static String progress(Rollout r, Wait next) {
        String why = next.reason() == null || next.reason().isEmpty() ? r.message() : next.reason();
        return rollout(r) + (why.isEmpty() ? "" : "; " + waitWord(next) + why);
    }

    private static String waitWord(Wait w) {
        return switch (w.kind()) {
            case MANUAL -> "waiting for promote or abort: ";
            case TIME, AVAILABLE -> "waiting: ";
            case DONE -> "";
        };
    }
}
