package io.jenkins.plugins.openmaru.model;

/** How a rollback drill, or one of its phases, ended. */
public enum DrillOutcome {
    /** Restored, verified and within the target. */
    PASSED,
    /** Traffic moved, but a target was broken or a gate failed after the switch (the pre-drill release serves again). */
    FAILED,
    /** The restore was abandoned before any traffic moved: the release to restore is not healthy; the serving release kept serving. */
    ABORTED,
    /** Not run: roll-forward off, or an earlier phase was abandoned. */
    SKIPPED,
    /** A dry run: the plan only, nothing written. */
    PLANNED;

    /** Whether a report counts this as a failure. */
    public boolean failed() {
        return this == FAILED || this == ABORTED;
    }
}
