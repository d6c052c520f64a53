package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;

/** Puts a rollout's candidate into its slot and tells when it can take traffic. */
public final class SlotDeploy {
    private SlotDeploy() {}

    /** Writes the candidate image, env and replica count into the candidate slot (creating it if absent). */
    public static void candidate(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        RolloutSpec spec = r.spec();
        ctx.slots().deploy(r.candidateSlot(), r.image(), replicas(ctx, spec), spec.env(), spec.port(), r.revision());
        ctx.effect(Progress.Effect.SLOT_DEPLOYED);
        ctx.event(Actor.ENGINE, "deploy", r.image() + " into slot " + ctx.service(r.candidateSlot()));
    }

    /** The spec's replica count, else the stable slot's, else 1. */
    static int replicas(RolloutContext ctx, RolloutSpec spec) {
        if (spec.replicas() != null) {
            return spec.replicas();
        }
        Rollout r = ctx.rollout();
        int stable = r.hasStable() ? SlotWorkloads.replicasOf(ctx.slots().get(r.stableSlot())) : 0;
        return Math.max(1, stable);
    }

    /**
     * Null when the candidate slot is available; otherwise what to wait for. Past the progress
     * deadline the rollout aborts.
     */
    public static Wait awaitCandidate(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        Deployment d = ctx.slots().get(r.candidateSlot());
        if (Availability.isAvailable(d)) {
            return null;
        }
        var deadline = r.startedAt().plus(r.spec() == null ? RolloutSpec.DEFAULT_PROGRESS_DEADLINE : r.spec().progressDeadline());
        if (!ctx.now().isBefore(deadline)) {
            return Abort.abort(ctx, Actor.ENGINE, "candidate " + ctx.service(r.candidateSlot()) + " not available within progressDeadline: "
                    + Availability.describe(d));
        }
        ctx.message("waiting for " + ctx.service(r.candidateSlot()) + " to become available (deadline " + deadline + ")");
        return Wait.available(ctx.service(r.candidateSlot()), deadline);
    }
}
