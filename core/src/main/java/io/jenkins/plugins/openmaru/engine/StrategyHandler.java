package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.workload.Availability;

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

    /** Null when the candidate can take traffic now; otherwise what to wait for (past the progress deadline: the abort). */
    default Wait awaitCandidate(RolloutContext ctx) {
        return SlotDeploy.awaitCandidate(ctx);
    }

    /** Whether the candidate can take all traffic now; no writes. */
    default boolean candidateAvailable(RolloutContext ctx) {
        return Availability.isAvailable(ctx.slots().get(ctx.rollout().candidateSlot()));
    }

    /** The Deployment the candidate runs in: what a wait for it watches. */
    default String candidateDeployment(RolloutContext ctx) {
        return ctx.service(ctx.rollout().candidateSlot());
    }

    /** Someone paused the rollout; the state already says so. Strategies that hold a workload still pause it here. */
    default void paused(RolloutContext ctx) {
    }

    /** For the start event: where the candidate goes, e.g. {@code " into shop-green"}. */
    default String placement(RolloutContext ctx) {
        if (ctx.rollout().hasStable()) {
            return " into " + ctx.service(ctx.rollout().candidateSlot());
        }
        // Said at once, so nobody takes a first release for a gated one.
        boolean gated = !ctx.rollout().spec().strategySpec().gatesByField().isEmpty();
        return " (first deployment: straight to 100%" + (gated ? "; gates are not run: there is no stable to compare with or return to" : "") + ")";
    }

    /** Starts making {@code target} (a release of this strategy) serve again: from the idle slot by default. */
    default Wait rollback(RolloutContext ctx, Release target, Actor actor) {
        return Rollback.start(ctx, target, actor);
    }

    /**
     * Starts making {@code target} serve again without moving traffic, even when its slot is warm: the rollback waits
     * for the slot, and the reconcile that finds it available switches ({@link RolloutEngine#prepareRollback}).
     */
    default Wait prepareRollback(RolloutContext ctx, Release target, Actor actor) {
        return Rollback.prepare(ctx, target, actor);
    }

    /** Continues a rollback to a release of this strategy. */
    default Wait reconcileRollback(RolloutContext ctx) {
        return Rollback.reconcile(ctx);
    }
}
