package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When each step of one restore happened, as the cluster saw it.
 *
 * @param decisionAt the drill decided to restore (before the release's slot was checked or scaled)
 * @param availableAt the release's slot became fully available after being scaled up; null when it was warm
 * @param checkedAt the gates passed on the slot before the switch; null when not checked
 * @param trafficWrittenAt the routing write that sends 100 % to the slot was acknowledged by the API server; null if never written
 * @param verifiedAt the routing object read back showed 100 % on the slot; null if never verified
 */
public record DrillTimings(Instant decisionAt, Instant availableAt, Instant checkedAt, Instant trafficWrittenAt, Instant verifiedAt) {
    public DrillTimings {
        Objects.requireNonNull(decisionAt, "decisionAt");
    }

    public static DrillTimings startingAt(Instant decision) {
        return new DrillTimings(decision, null, null, null, null);
    }

    public DrillTimings withAvailableAt(Instant t) {
        return new DrillTimings(decisionAt, t, checkedAt, trafficWrittenAt, verifiedAt);
    }

    public DrillTimings withCheckedAt(Instant t) {
        return new DrillTimings(decisionAt, availableAt, t, trafficWrittenAt, verifiedAt);
    }

    public DrillTimings withTrafficWrittenAt(Instant t) {
        return new DrillTimings(decisionAt, availableAt, checkedAt, t, verifiedAt);
    }

    public DrillTimings withVerifiedAt(Instant t) {
        return new DrillTimings(decisionAt, availableAt, checkedAt, trafficWrittenAt, t);
    }

    /** Decision to the slot fully available; empty when the slot was warm. */
    public Optional<Duration> toAvailable() {
        return between(decisionAt, availableAt);
    }

    /** How long the gates took on the slot before the switch; empty when not checked. */
    public Optional<Duration> checking() {
        return between(availableAt == null ? decisionAt : availableAt, checkedAt);
    }

    /** Decision to the routing write acknowledged. */
    public Optional<Duration> toTrafficWrite() {
        return between(decisionAt, trafficWrittenAt);
    }

    /** Routing write acknowledged to weights verified by reading them back. */
    public Optional<Duration> writeToVerified() {
        return between(trafficWrittenAt, verifiedAt);
    }

    /** Decision to verified serving: the time to restore. */
    public Optional<Duration> timeToRestore() {
        return between(decisionAt, verifiedAt);
    }

    private static Optional<Duration> between(Instant from, Instant to) {
        return from == null || to == null ? Optional.empty() : Optional.of(Duration.between(from, to));
    }
}
