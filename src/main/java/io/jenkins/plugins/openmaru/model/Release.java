package io.jenkins.plugins.openmaru.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an app's release history.
 *
 * @param revision increasing number, never reused
 * @param image the image reference (digest-pinned when the build step provided one)
 * @param slot the slot the release ran in
 * @param strategy how it was rolled out; null for a rollback
 * @param rolledBackFrom for {@link ReleaseOutcome#ROLLED_BACK}, the revision that was replaced; otherwise 0
 */
public record Release(
        int revision,
        String image,
        Slot slot,
        Strategy strategy,
        ReleaseOutcome outcome,
        Instant at,
        String actor,
        String comment,
        int rolledBackFrom) {
    public Release {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        actor = actor == null ? "engine" : actor;
        comment = comment == null ? "" : comment;
    }
}
