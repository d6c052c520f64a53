package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of an app's drill trend: enough to chart the time to restore over time.
 *
 * @param restore the rollback's time to restore; null when it never finished
 * @param rollForward the roll-forward's time to restore; null when it did not run or never finished
 */
public record DrillSummary(
        String id,
        Instant at,
        String environment,
        DrillOutcome outcome,
        int fromRevision,
        int toRevision,
        Duration restore,
        Duration rollForward,
        Duration target,
        String message) {
    public DrillSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        environment = environment == null ? "" : environment;
        message = message == null ? "" : message;
    }
}
