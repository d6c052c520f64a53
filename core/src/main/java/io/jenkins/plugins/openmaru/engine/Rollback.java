package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.ScaleDown;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Makes an earlier release serve again from the idle slot. Inside the warm window the idle slot
 * still runs that release, so the first write is the routing switch. Later, the release's image and
 * engine-set env are written into the slot first, watched until available, and then switched.
 */
public final class Rollback {
    private Rollback() {}

    static Wait start(RolloutContext ctx, Release target, Actor actor) {
        return begin(ctx, target, actor, true);
    }

    /** As {@link #start}, but a warm slot is not switched to: the reconcile that finds the slot available switches. */
    static Wait prepare(RolloutContext ctx, Release target, Actor actor) {
        return begin(ctx, target, actor, false);
    }

    private static Wait begin(RolloutContext ctx, Release target, Actor actor, boolean switchIfWarm) {
        DeliveryState s = ctx.state();
        Slot active = s.activeSlot();
        Slot idle = active.other();
        Release current = s.serving().orElseThrow();
        RolloutSpec lastSpec = s.rollout() == null ? null : s.rollout().spec();
        Instant now = ctx.now();
        Rollout r = Rollout.builder().revision(s.nextRevision()).strategy(target.strategy()).spec(lastSpec).image(target.image())
                .stableSlot(active).stableImage(current.image()).candidateSlot(idle).phase(RolloutPhase.ROLLING_BACK).startedAt(now)
                .rollbackTo(target.revision()).driver(ctx.config().identity())
                .message("rolling back to revision " + target.revision() + " (" + target.image() + ")").build();
        ctx.updateState(x -> x.withRollout(r));
        ctx.event(actor, "rollback", "from revision " + current.revision() + " to revision " + target.revision() + " (" + target.image() + ")");
        boolean warm = SlotWorkloads.isWarm(ctx.slots().get(idle), target);
        if (warm && switchIfWarm) {
            return complete(ctx, actor);
        }
        ctx.holdLease();
        Instant deadline = now.plus(lastSpec == null ? RolloutSpec.DEFAULT_PROGRESS_DEADLINE : lastSpec.progressDeadline());
        if (warm) {
            ctx.save();
            return new Wait(Wait.Kind.AVAILABLE, deadline, ctx.service(idle), ctx.service(idle) + " is warm with revision " + target.revision()
                    + "; traffic moves on the next reconcile");
        }
        int replicas = Math.max(1, SlotWorkloads.replicasOf(ctx.slots().get(active)));
        ctx.slots().deploy(idle, target.image(), replicas, target.env(), lastSpec == null ? RolloutSpec.DEFAULT_PORT : lastSpec.port(), r.revision());
        ctx.effect(Progress.Effect.SLOT_DEPLOYED);
        ctx.event(Actor.ENGINE, "deploy", target.image() + " into slot " + ctx.service(idle) + " (not warm)");
        ctx.save();
        return Wait.available(ctx.service(idle), deadline);
    }

    static Wait reconcile(RolloutContext ctx) {
        Wait notReady = SlotDeploy.awaitCandidate(ctx);
        if (notReady != null) {
            return notReady;
        }
        Actor requester = ctx.rollout().events().stream().filter(e -> e.action().equals("rollback")).findFirst()
                .map(e -> new Actor(e.actor(), e.comment())).orElse(Actor.ENGINE);
        return complete(ctx, requester);
    }

    private static Wait complete(RolloutContext ctx, Actor actor) {
        Rollout r = ctx.rollout();
        ctx.router().endRollout(ctx.service(r.candidateSlot()));
        Instant now = ctx.now();
        ScaleDown warm = new ScaleDown(r.stableSlot(),
                now.plus(r.spec() == null ? RolloutSpec.DEFAULT_SCALE_DOWN_DELAY : r.spec().scaleDownDelay()));
        int from = ctx.state().serving().map(Release::revision).orElse(0);
        Map<String, String> env = ctx.state().release(r.rollbackTo()).map(Release::env).orElse(Map.of());
        ctx.update(x -> x.withWeight(100, now).withPhase(RolloutPhase.ROLLED_BACK, "rolled back to revision " + r.rollbackTo()
                + "; " + ctx.service(r.candidateSlot()) + " serves 100%", now));
        ctx.event(actor, "switch", ctx.service(r.candidateSlot()) + " serves 100%");
        ctx.updateState(s -> s.withActiveSlot(r.candidateSlot()).withScaleDown(warm)
                .withRelease(new Release(r.revision(), r.image(), r.candidateSlot(), r.strategy(), ReleaseOutcome.ROLLED_BACK, now,
                        actor.name(), actor.comment(), from, env)));
        ctx.save();
        ctx.releaseLease();
        return Wait.done(warm.at(), ctx.rollout().message());
    }
}
