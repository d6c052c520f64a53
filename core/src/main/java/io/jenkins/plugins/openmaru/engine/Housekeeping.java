package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.ScaleDown;

/** Scales a slot to 0 once its warm (or inspection) window has passed. Kept, not deleted. */
final class Housekeeping {
    private Housekeeping() {}

    static void run(RolloutContext ctx) {
        DeliveryState s = ctx.state();
        ScaleDown due = s.scaleDown();
        if (due == null || ctx.now().isBefore(due.at()) || Bake.keepsWarm(s, due)) {
            return;
        }
        boolean inUse = due.slot() == s.activeSlot() || (s.inProgress() && s.rollout().candidateSlot() == due.slot());
        if (!inUse) {
            try {
                ctx.slots().scale(due.slot(), 0);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        ctx.updateState(x -> x.withScaleDown(null));
        ctx.save();
    }
}
