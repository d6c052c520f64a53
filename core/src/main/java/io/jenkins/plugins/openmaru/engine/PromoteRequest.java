package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import java.time.Instant;
import java.util.Optional;

/**
 * A promote decided while the candidate cannot take traffic yet (e.g. the replica-ratio router has just
 * rescaled its slot). The decision is recorded as a {@code promoteRequested} event, and the promotion
 * itself, with its routing write, happens on the first reconcile that finds the candidate available.
 * The wait has its own progress deadline, counted from the decision: a rollout that ran for hours is
 * not aborted because its candidate is rescaling right now.
 */
final class PromoteRequest {
    static final String ACTION = "promoteRequested";

    private PromoteRequest() {}

    /** The pending request of the rollout in the context, if any. */
    static Optional<RolloutEvent> pending(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        if (r.isRollback() || r.phase() != RolloutPhase.PROGRESSING) {
            return Optional.empty();
        }
        return r.events().stream().filter(e -> e.action().equals(ACTION)).reduce((a, b) -> b);
    }

    /** Records {@code actor}'s decision (once) and says what the promotion waits for. */
    static Wait record(RolloutContext ctx, StrategyHandler handler, Actor actor) {
        Optional<RolloutEvent> earlier = pending(ctx);
        if (earlier.isPresent()) {
            return await(ctx, handler, earlier.get());
        }
        String deployment = handler.candidateDeployment(ctx);
        ctx.update(x -> x.withPhase(RolloutPhase.PROGRESSING, "promote requested by " + actor.name(), ctx.now()));
        ctx.event(actor, ACTION, "completes when " + deployment + " is available");
        return await(ctx, handler, pending(ctx).orElseThrow());
    }

    /** Completes the promotion once the candidate is available; aborts if it is not within progressDeadline of the decision. */
    static Wait await(RolloutContext ctx, StrategyHandler handler, RolloutEvent request) {
        Actor requester = new Actor(request.actor(), request.comment());
        if (handler.candidateAvailable(ctx)) {
            return handler.promote(ctx, requester);
        }
        String deployment = handler.candidateDeployment(ctx);
        RolloutSpec spec = ctx.rollout().spec();
        Instant deadline = request.at().plus(spec == null ? RolloutSpec.DEFAULT_PROGRESS_DEADLINE : spec.progressDeadline());
        if (!ctx.now().isBefore(deadline)) {
            return handler.abort(ctx, Actor.ENGINE, "promote requested by " + requester.name() + " at " + request.at() + ", but " + deployment
                    + " was not available within progressDeadline");
        }
        String waiting = "promote requested by " + requester.name() + "; waiting for " + deployment + " to become available (deadline " + deadline + ")";
        ctx.message(waiting);
        // The wait names the decision it completes, not only the Deployment: steps and the CLI show this reason.
        return new Wait(Wait.Kind.AVAILABLE, deadline, deployment, waiting);
    }
}
