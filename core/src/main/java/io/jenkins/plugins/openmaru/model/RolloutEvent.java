package io.jenkins.plugins.openmaru.model;

import java.time.Instant;
import java.util.Objects;

/** One line of a rollout's timeline: what happened, when, who did it and why. */
public record RolloutEvent(Instant at, String actor, String action, String comment, String detail) {
    public RolloutEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        actor = actor == null ? "engine" : actor;
        comment = comment == null ? "" : comment;
        detail = detail == null ? "" : detail;
    }
}
