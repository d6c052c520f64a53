package io.jenkins.plugins.openmaru.model;

/** How a candidate replaces the stable release. */
public enum Strategy {
    /** Traffic moves to the candidate slot in weighted steps. */
    CANARY,
    /** The candidate slot is tested at 0 % and then takes 100 % in one switch. */
    BLUE_GREEN,
    /** One Deployment is updated in place by its native rolling update. */
    ROLLING;

    /** How logs, JSON documents and the UI print the strategy: {@code canary}, {@code blue-green}, {@code rolling}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
