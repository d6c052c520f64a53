package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Canary by weights: the candidate runs in the idle slot; each setWeight is one routing write, and
 * the state is written once before the rollout waits (a crash in between repeats the idempotent
 * routing write); pauses and analyses wait without holding a thread. After the last
 * step the candidate is promoted; a final setWeight(100) is that promotion's routing write, not a
 * write of its own.
 */
public final class CanaryStrategy implements StrategyHandler {

    @Override
    public Strategy strategy() {
        return Strategy.CANARY;
    }

    @Override
    public Wait reconcile(RolloutContext ctx) {
        List<CanaryStep> steps = ctx.rollout().spec().strategySpec() instanceof CanarySpec c ? c.steps() : List.of();
        if (ctx.rollout().phase() == RolloutPhase.PAUSED) {
            int i = ctx.rollout().stepIndex();
            Optional<GateSpec> manual = i < steps.size() ? ManualApproval.of(steps.get(i)) : Optional.empty();
            return manual.isPresent() ? ManualApproval.await(ctx, manual.get()) : Wait.manual(null, ctx.rollout().message());
        }
        if (ctx.rollout().weight() == 0 || !ctx.rollout().hasStable()) {
            Wait notReady = SlotDeploy.awaitCandidate(ctx);
            if (notReady != null) {
                return notReady;
            }
        }
        if (!ctx.rollout().hasStable()) {
            return Promotion.promote(ctx, Actor.ENGINE);
        }
        while (ctx.rollout().stepIndex() < steps.size()) {
            Rollout r = ctx.rollout();
            CanaryStep step = steps.get(r.stepIndex());
            Instant now = ctx.now();
            if (step instanceof CanaryStep.SetWeight w && w.weight() == 100 && r.stepIndex() == steps.size() - 1) {
                break;
            } else if (step instanceof CanaryStep.SetWeight w) {
                ctx.router().setWeight(ctx.service(r.stableSlot()), ctx.service(r.candidateSlot()), w.weight());
                ctx.update(x -> x.withWeight(w.weight(), now).atStep(r.stepIndex() + 1, now));
                ctx.event(Actor.ENGINE, "setWeight", w.weight() + "% to " + ctx.service(r.candidateSlot()));
            } else if (step instanceof CanaryStep.Pause p && p.indefinite()) {
                ctx.update(x -> x.withPhase(RolloutPhase.PAUSED, "paused at " + r.weight() + "% until promoted (step "
                        + (r.stepIndex() + 1) + "/" + steps.size() + ")", now));
                ctx.event(Actor.ENGINE, "pause", "until promoted");
                return Wait.manual(null, ctx.rollout().message());
            } else if (step instanceof CanaryStep.Pause p) {
                Instant end = r.stepStartedAt().plus(p.duration());
                if (now.isBefore(end)) {
                    ctx.message("paused at " + r.weight() + "% until " + end);
                    return Wait.until(end, ctx.rollout().message());
                }
                ctx.update(x -> x.atStep(r.stepIndex() + 1, now));
            } else if (step instanceof CanaryStep.Analysis a) {
                Optional<Wait> wait = Analysis.run(ctx, a);
                if (wait.isPresent()) {
                    return wait.get();
                }
                ctx.update(x -> x.atStep(r.stepIndex() + 1, ctx.now()));
            }
        }
        return Promotion.promote(ctx, Actor.ENGINE);
    }
}
