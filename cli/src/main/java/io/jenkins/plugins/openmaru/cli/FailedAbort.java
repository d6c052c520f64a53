package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.io.PrintWriter;

/**
 * Ctrl-C's abort did not happen: say what the cluster holds instead, and exit with the code for that.
 * A rollout that ended first (promoted, or aborted by someone else) exits as that end would; an abort
 * that failed while the rollout goes on is a cluster problem (3), never "interrupted, aborted" (130).
 */
final class FailedAbort {
    private FailedAbort() {}

    /** The candidate's share as the router reads it now; -1 when it cannot be read. */
    private static int candidateWeight(RolloutEngine engine, AppRef app, Rollout r) {
        try {
            return engine.config().routers().create(engine.client(), app, r.spec() == null ? null : r.spec().router()).getWeights().weight();
        } catch (RuntimeException unreadable) {
            return -1;
        }
    }

    /** Prints what serves after {@code failure} and returns the exit code. */
    static int report(RolloutEngine engine, AppRef app, RuntimeException failure, PrintWriter err) {
        DeliveryState s;
        try {
            s = engine.status(app);
        } catch (RuntimeException unreadable) {
            err.println("openmaru: interrupted; the abort failed: " + ExitCodes.message(failure) + "; the cluster cannot be read, so traffic "
                    + "is where the rollout was last seen above; run 'openmaru abort " + app.app() + "' once it is reachable");
            return ExitCodes.CLUSTER;
        }
        Rollout r = s.rollout();
        if (s.inProgress() && r.weight() > 0 && candidateWeight(engine, app, r) == 0) {
            err.println("openmaru: interrupted; the abort moved all traffic back to " + r.stableImage() + " but could not record it ("
                    + ExitCodes.message(failure) + "): the state still says " + r.phase() + " at " + r.weight() + "%; run 'openmaru abort "
                    + app.app() + "' to record it");
            return ExitCodes.CLUSTER;
        }
        if (s.inProgress()) {
            err.println("openmaru: interrupted; the abort failed: " + ExitCodes.message(failure) + "; nothing changed: the rollout is still "
                    + r.phase() + " with " + r.weight() + "% on " + r.image() + " (" + r.message() + "); run 'openmaru abort " + app.app() + "'");
            return ExitCodes.CLUSTER;
        }
        if (r != null && r.phase() == RolloutPhase.PROMOTED) {
            err.println("openmaru: interrupted too late to abort: the rollout was promoted first; " + r.message());
            return ExitCodes.OK;
        }
        err.println("openmaru: interrupted; the rollout had already ended: " + (r == null ? "no rollout" : r.phase() + ", " + r.message()));
        return ExitCodes.ROLLOUT_FAILED;
    }
}
