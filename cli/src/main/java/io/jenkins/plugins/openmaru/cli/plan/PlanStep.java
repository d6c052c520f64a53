package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.Durations;
import java.time.Duration;

/**
 * One line of a plan: what happens, the weight afterwards, and how long it may take.
 *
 * @param action a short verb: deploy, setWeight, pause, analysis, promote, wave, ...
 * @param weight % of traffic on the candidate once the step is done (rolling: its share of the ready pods)
 * @param bound how the step's duration is bounded
 * @param atMost the bound for {@link Bound#AT_MOST}, else zero
 */
public record PlanStep(String action, String what, int weight, Bound bound, Duration atMost) {

    /** How long a step lasts. */
    public enum Bound {
        /** Immediately: a write or a decision. */
        AT_ONCE,
        /** At most {@code atMost}: a deadline, a timed pause, an analysis's last round. */
        AT_MOST,
        /** Inside an earlier step's deadline (the waves of a rolling update), so it adds nothing. */
        WITHIN_DEADLINE,
        /** After the rollout ended (the warm slot); not part of its duration. */
        AFTERWARDS,
        /** Until someone promotes, resumes or aborts. */
        PERSON
    }

    public PlanStep {
        atMost = atMost == null ? Duration.ZERO : atMost;
    }

    static PlanStep atOnce(String action, String what, int weight) {
        return new PlanStep(action, what, weight, Bound.AT_ONCE, Duration.ZERO);
    }

    static PlanStep atMost(String action, String what, int weight, Duration d) {
        return new PlanStep(action, what, weight, d.isZero() ? Bound.AT_ONCE : Bound.AT_MOST, d);
    }

    static PlanStep person(String action, String what, int weight) {
        return new PlanStep(action, what, weight, Bound.PERSON, Duration.ZERO);
    }

    /** What this step adds to the worst case when nobody has to act: zero unless bounded by its own time. */
    public Duration worstCase() {
        return bound == Bound.AT_MOST ? atMost : Duration.ZERO;
    }

    /** The bound in words: "at most 10m", "until someone acts", ... */
    public String boundText() {
        return switch (bound) {
            case AT_ONCE -> "at once";
            case AT_MOST -> "at most " + Durations.format(atMost);
            case WITHIN_DEADLINE -> "within the deadline";
            case AFTERWARDS -> Durations.format(atMost) + " after the rollout";
            case PERSON -> "until someone acts";
        };
    }
}
