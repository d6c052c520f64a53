package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Strategy;

/**
 * One rollout strategy's state machine. The engine loads the state, calls one of these, and persists;
 * a handler performs the next writes and returns what it waits for. Every method must be re-entrant:
 * called again with the same state after a crash, it repeats idempotent writes and moves on.
 * The defaults are the slot-based behaviour shared by canary and blue/green.
 */
public interface StrategyHandler {

    Strategy strategy();

    /** Writes the candidate for a rollout the context now holds (phase PROGRESSING, step 0). */
    default void begin(RolloutContext ctx) {
        SlotDeploy.candidate(ctx);
    }

    /** Performs the steps that are due and returns what the rollout waits for next. */
    Wait reconcile(RolloutContext ctx);

    /** Skips the remaining steps: 100 % to the candidate and its slot becomes active. */
    default Wait promote(RolloutContext ctx, Actor actor) {
        return Promotion.promote(ctx, actor);
    }

    /** Traffic back to stable in one write; the candidate is kept, then scaled down. */
    default Wait abort(RolloutContext ctx, Actor actor, String reason) {
        return Abort.abort(ctx, actor, reason);
    }
}
