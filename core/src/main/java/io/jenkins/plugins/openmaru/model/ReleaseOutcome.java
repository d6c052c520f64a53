package io.jenkins.plugins.openmaru.model;

/** How a release entry in the history came about. */
public enum ReleaseOutcome {
    /** First deployment of the app: straight to 100 %. */
    DEPLOYED(true),
    /** A rollout finished and its candidate became stable. */
    PROMOTED(true),
    /** A rollout was aborted; its candidate never became stable. */
    ABORTED(false),
    /** A rollback made this (earlier) image serve again. */
    ROLLED_BACK(true),
    /**
     * A rollback drill: the release before this entry served briefly to prove a rollback works, then the
     * release serving before the drill served again. Not a rollback target; {@code rolledBackFrom} is that release.
     */
    DRILL(false);

    private final boolean served;

    ReleaseOutcome(boolean served) {
        this.served = served;
    }

    /** Whether the release served 100 % of traffic (and so can be rolled back to). */
    public boolean served() {
        return served;
    }
}
