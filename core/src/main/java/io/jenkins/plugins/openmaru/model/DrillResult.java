package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one drill: its plan, each phase's measurements and what serves afterwards.
 *
 * @param id unique per app, e.g. {@code drill-20260105T030012Z}
 * @param servingRevision the revision serving when the drill ended
 * @param message why the drill ended as it did, in one sentence
 */
public record DrillResult(
        String id,
        DrillPlan plan,
        String actor,
        Instant startedAt,
        Instant finishedAt,
        List<DrillPhaseResult> phases,
        DrillOutcome outcome,
        int servingRevision,
        String servingImage,
        String message) {

    public DrillResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        finishedAt = finishedAt == null ? startedAt : finishedAt;
        phases = List.copyOf(phases == null ? List.of() : phases);
        message = message == null ? "" : message;
    }

    public AppRef app() {
        return plan.app();
    }

    public Optional<DrillPhaseResult> phase(DrillPhase p) {
        return phases.stream().filter(x -> x.phase() == p).findFirst();
    }

    public DrillSummary summary() {
        Duration restore = phase(DrillPhase.ROLLBACK).flatMap(p -> p.timings().timeToRestore()).orElse(null);
        Duration forward = phase(DrillPhase.ROLL_FORWARD).flatMap(p -> p.timings().timeToRestore()).orElse(null);
        return new DrillSummary(id, startedAt, plan.environment(), outcome, plan.serving().revision(), plan.target().revision(),
                restore, forward, plan.maxTimeToRestore(), message);
    }
}
