package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.ScaleDown;
import io.jenkins.plugins.openmaru.traffic.Weights;
import java.time.Instant;

/** The candidate takes 100 % in one routing write and its slot becomes active; the old slot stays warm. */
public final class Promotion {
    private Promotion() {}

    public static Wait promote(RolloutContext ctx, Actor actor) {
        Rollout r = ctx.rollout();
        if (r.phase() == RolloutPhase.BAKING) {
            return Bake.pass(ctx, actor, "ended early by " + actor.name());
        }
        String candidate = ctx.service(r.candidateSlot());
        if (r.hasStable()) {
            ctx.router().endRollout(candidate);
        } else {
            // First deployment: create the routing object, or take over one that points elsewhere.
            ctx.router().reconcile(candidate);
            if (!ctx.router().getWeights().equals(Weights.allStable(candidate))) {
                ctx.router().endRollout(candidate);
            }
        }
        Instant now = ctx.now();
        Instant committedAt = ImageCommitTime.of(ctx.client(), r.image()).orElse(null);
        ReleaseOutcome outcome = r.hasStable() ? ReleaseOutcome.PROMOTED : ReleaseOutcome.DEPLOYED;
        ScaleDown warm = r.hasStable() ? new ScaleDown(r.stableSlot(), now.plus(r.spec().scaleDownDelay())) : null;
        ctx.update(x -> x.withWeight(100, now).withPhase(RolloutPhase.PROMOTED,
                (r.hasStable() ? "promoted" : "deployed") + "; " + candidate + " serves 100%", now));
        ctx.event(actor, r.hasStable() ? "promote" : "deploy", candidate + " serves 100%"
                + (warm == null ? "" : "; " + ctx.service(r.stableSlot()) + " stays warm until " + warm.at()));
        ctx.updateState(s -> s.withActiveSlot(r.candidateSlot()).withScaleDown(warm)
                .withRelease(new Release(r.revision(), r.image(), r.candidateSlot(), r.strategy(), outcome, now, actor.name(), actor.comment(), 0,
                        r.spec().env(), committedAt)));
        if (Bake.follows(r)) {
            return Bake.begin(ctx);
        }
        ctx.save();
        ctx.releaseLease();
        return Wait.done(warm == null ? null : warm.at(), ctx.rollout().message());
    }
}
