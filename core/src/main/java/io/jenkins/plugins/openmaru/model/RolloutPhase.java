package io.jenkins.plugins.openmaru.model;

/** Where a rollout is. The first four are in progress; the last three are final. */
public enum RolloutPhase {
    /** Executing steps: deploying the candidate, moving weight, pausing for a set time, analysing. */
    PROGRESSING(false),
    /** Waiting for a person: an indefinite pause, a manual pause, or an inconclusive analysis. */
    PAUSED(false),
    /** Making an earlier release serve again: its slot is being scaled up before the traffic switch. */
    ROLLING_BACK(false),
    /**
     * Promoted (the candidate serves 100 % and its slot is active) and the rollout's gates keep measuring it
     * for {@code bake}; the previous slot stays warm, so a failure makes it serve again in one routing write.
     */
    BAKING(false),
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
