package io.jenkins.plugins.openmaru.model;

/** Where a rollout is. The first three are in progress; the last three are final. */
public enum RolloutPhase {
    /** Executing steps: deploying the candidate, moving weight, pausing for a set time, analysing. */
    PROGRESSING(false),
    /** Waiting for a person: an indefinite pause, a manual pause, or an inconclusive analysis. */
    PAUSED(false),
    /** Making an earlier release serve again: its slot is being scaled up before the traffic switch. */
    ROLLING_BACK(false),
    /** The candidate serves 100 % and its slot is active. */
    PROMOTED(true),
    /** Traffic went back to stable; the candidate is kept for inspection, then scaled down. */
    ABORTED(true),
    /** An earlier release serves again. */
    ROLLED_BACK(true);

    private final boolean terminal;

    RolloutPhase(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }
}
