package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.ScaleDown;
import java.time.Instant;
import java.util.Map;

/**
 * Traffic back to stable. The routing write is the first write after the decision (state and lease
 * come after it), so a bad candidate stops receiving traffic as fast as the router can be told.
 */
public final class Abort {
    private Abort() {}

    public static Wait abort(RolloutContext ctx, Actor actor, String reason) {
        Rollout r = ctx.rollout();
        if (r.phase() == RolloutPhase.BAKING) {
            return Bake.rollBack(ctx, actor, reason);
        }
        if (r.hasStable() && !r.isRollback()) {
            ctx.router().endRollout(ctx.service(r.stableSlot()));
        }
        Instant now = ctx.now();
        RolloutSpec spec = r.spec();
        ScaleDown later = new ScaleDown(r.candidateSlot(),
                now.plus(spec == null ? RolloutSpec.DEFAULT_ABORT_SCALE_DOWN_DELAY : spec.abortScaleDownDelay()));
        String why = "aborted: " + reason;
        ctx.update(x -> x.withWeight(0, now).withPhase(RolloutPhase.ABORTED, why, now));
        ctx.event(actor, "abort", reason + (r.hasStable() ? "; " + ctx.service(r.stableSlot()) + " serves 100%" : "")
                + "; " + ctx.service(r.candidateSlot()) + " kept until " + later.at());
        ctx.updateState(s -> {
            var out = s.withScaleDown(later);
            return r.isRollback() ? out : out.withRelease(new Release(r.revision(), r.image(), r.candidateSlot(), r.strategy(),
                    ReleaseOutcome.ABORTED, now, actor.name(), actor.comment().isEmpty() ? reason : actor.comment(), 0,
                    spec == null ? Map.of() : spec.env()));
        });
        ctx.save();
        ctx.releaseLease();
        return Wait.done(later.at(), why);
    }
}
