package io.jenkins.plugins.openmaru.model;

/** The two restores of a drill: back to the earlier release, then forward to the one serving before the drill. */
public enum DrillPhase {
    ROLLBACK("rollback"),
    ROLL_FORWARD("roll-forward");

    private final String label;

    DrillPhase(String label) {
        this.label = label;
    }

    /** How reports name the phase. */
    public String label() {
        return label;
    }
}
