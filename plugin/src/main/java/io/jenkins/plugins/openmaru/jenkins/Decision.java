package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Item;
import hudson.security.Permission;
import io.jenkins.plugins.openmaru.model.RolloutPhase;

/** A release manager's decision from the build page or the history view, and the permission it needs. */
enum Decision {
    PROMOTE(Item.BUILD, "promote", RolloutPhase.PROMOTED),
    ABORT(Item.CANCEL, "abort", RolloutPhase.ABORTED),
    ROLLBACK(Item.BUILD, "roll back", RolloutPhase.ROLLED_BACK);

    private final Permission permission;
    private final String verb;
    private final RolloutPhase outcome;

    Decision(Permission permission, String verb, RolloutPhase outcome) {
        this.permission = permission;
        this.verb = verb;
        this.outcome = outcome;
    }

    Permission permission() {
        return permission;
    }

    String verb() {
        return verb;
    }

    RolloutPhase outcome() {
        return outcome;
    }
}
