package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.traffic.TrafficException;
import io.jenkins.plugins.openmaru.traffic.Weights;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.List;

/**
 * While no rollout is in progress, all traffic belongs to the serving release's slot. An actor that died between a
 * routing write and the state write that records it (a rollback's or a drill's switch) leaves the two disagreeing:
 * the idle reconcile puts traffic back with one routing write, but only onto a slot that still runs that release
 * available (never onto a cold one), and only with the lease (a holder may be between its own two writes). The
 * state write that records the repair is what serializes it with a racing rollback: whichever writes the state
 * second conflicts, and {@link RolloutEngine}'s retry puts the routing back to what the state then says.
 * A rolling release has no slot: nothing to compare.
 */
final class RoutingRepair {
    static final String REPAIRED = "routingRepaired";
    static final String MISMATCH = "routingMismatch";

    private RoutingRepair() {}

    /**
     * Notes on {@code ctx} whether it put the routing back ({@link Progress.Effect#ROUTING_REPAIRED}) or left a disagreement
     * ({@link Progress.Effect#ROUTING_LEFT}): callers decide on that, never on the words.
     *
     * @return what was wrong with the routing and what was done about it, in words; null when it agrees with the state
     */
    static String run(RolloutContext ctx) {
        DeliveryState s = ctx.state();
        Release serving = s.inProgress() ? null : s.serving().orElse(null);
        if (serving == null || serving.slot() == null) {
            return null;
        }
        String service = ctx.service(serving.slot());
        Weights now;
        try {
            now = ctx.router().getWeights();
        } catch (TrafficException e) {
            ctx.effect(Progress.Effect.ROUTING_LEFT);
            return "routing not checked: " + e.getMessage();
        }
        if (now.equals(Weights.allStable(service))) {
            return null;
        }
        String found = "the routing sent " + describe(now) + " while revision " + serving.revision() + " (" + serving.image()
                + ") was recorded as serving from " + service;
        if (!SlotWorkloads.isWarm(ctx.slots().get(serving.slot()), serving)) {
            String said = found + ", and " + service + " does not run it available: traffic left as it is";
            note(ctx, serving, MISMATCH, said);
            ctx.effect(Progress.Effect.ROUTING_LEFT);
            return said;
        }
        try {
            ctx.holdLease();
        } catch (LeaseHeldException e) {
            ctx.effect(Progress.Effect.ROUTING_LEFT);
            return found + "; left to " + e.holder() + ", who holds the lease";
        }
        ctx.router().endRollout(service);
        ctx.effect(Progress.Effect.ROUTING_REPAIRED);
        String said = "traffic put back on revision " + serving.revision() + " (" + serving.image() + ") in " + service + ": " + found;
        note(ctx, serving, REPAIRED, said);
        return said;
    }

    /**
     * Records the finding on the last rollout's timeline, which also audits it and posts it to the webhook. A mismatch is
     * found again by every idle reconcile while it lasts: it is recorded (and posted) once while it stays the same.
     */
    private static void note(RolloutContext ctx, Release serving, String action, String detail) {
        if (ctx.rollout() == null) {
            RolloutEvent e = new RolloutEvent(ctx.now(), Actor.ENGINE.name(), action, "", detail);
            if (action.equals(MISMATCH)) {
                // no timeline to remember it by: its audit Event does
                ctx.audit().recordOnce(ctx.app(), serving.revision(), e);
            } else {
                ctx.audit().record(ctx.app(), serving.revision(), e);
            }
            return;
        }
        List<RolloutEvent> events = ctx.rollout().events();
        RolloutEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
        if (action.equals(MISMATCH) && last != null && last.action().equals(action) && last.detail().equals(detail)) {
            return;
        }
        ctx.event(Actor.ENGINE, action, detail);
    }

    private static String describe(Weights w) {
        if (w.candidateService() == null || w.weight() == 0) {
            return "100% to " + w.stableService();
        }
        if (w.weight() == 100) {
            return "100% to " + w.candidateService();
        }
        return (100 - w.weight()) + "% to " + w.stableService() + " and " + w.weight() + "% to " + w.candidateService();
    }
}
