package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.RolloutSpec;
import java.time.Duration;
import java.util.List;

/**
 * The timeline a rollout would follow, built from its validated spec and the app's current state.
 *
 * @param notes what the current state changes (first deployment, a rollout in progress, unknown state)
 * @param onFailure what happens when a gate fails, a deadline passes or someone aborts
 */
public record RolloutPlan(RolloutSpec spec, CurrentState current, List<PlanStep> steps, List<String> notes, String onFailure) {

    public RolloutPlan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    /** The longest the rollout can run without anyone acting: every deadline, pause and analysis used up. */
    public Duration worstCase() {
        return steps.stream().map(PlanStep::worstCase).reduce(Duration.ZERO, Duration::plus);
    }

    /** Whether some step waits for a person (a manual step, promote of a blue/green without auto-promote). */
    public boolean waitsForPerson() {
        return steps.stream().anyMatch(s -> s.bound() == PlanStep.Bound.PERSON);
    }
}
