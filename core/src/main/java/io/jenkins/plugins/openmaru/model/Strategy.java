package io.jenkins.plugins.openmaru.model;

/** How a candidate replaces the stable release. */
public enum Strategy {
    /** Traffic moves to the candidate slot in weighted steps. */
    CANARY,
    /** The candidate slot is tested at 0 % and then takes 100 % in one switch. */
    BLUE_GREEN,
    /** One Deployment is updated in place by its native rolling update. */
    ROLLING
}
