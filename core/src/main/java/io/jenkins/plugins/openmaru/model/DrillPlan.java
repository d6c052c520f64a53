package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a drill will do, decided from the cluster before anything is written (and all a dry run does).
 *
 * @param serving the release serving now, in {@code activeSlot}; the drill ends with it serving again
 * @param target the earlier release the drill rolls back to, in the other slot
 * @param warm whether the other slot already runs {@code target}'s image and is available (no scale-up)
 * @param idleSlot what the other slot runs now, e.g. {@code shop-blue: quay.io/acme/shop:1.0, 2/2 available}
 * @param gates the gates checked before and after each switch
 * @param port the port the slots serve on (for the gates' URLs)
 */
public record DrillPlan(
        AppRef app,
        String environment,
        Release serving,
        Slot activeSlot,
        Release target,
        boolean warm,
        String idleSlot,
        List<GateSpec> gates,
        int port,
        boolean rollForward,
        Duration maxTimeToRestore) {

    public DrillPlan {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(activeSlot, "activeSlot");
        Objects.requireNonNull(target, "target");
        gates = List.copyOf(gates);
        environment = environment == null ? "" : environment;
    }

    public Slot targetSlot() {
        return activeSlot.other();
    }

    /** The plan in words, one line per step, as a dry run prints it. */
    public List<String> steps() {
        String targetSlot = targetSlot().resourceName(app.app());
        String servingSlot = activeSlot.resourceName(app.app());
        String gateNames = String.join(", ", gates.stream().map(GateSpec::displayName).toList());
        List<String> out = new ArrayList<>();
        out.add("now: revision " + serving.revision() + " (" + serving.image() + ") serves from " + servingSlot + "; " + idleSlot);
        out.add(warm ? "rollback: " + targetSlot + " is warm with revision " + target.revision() + " (" + target.image() + "): no scale-up"
                : "rollback: deploy revision " + target.revision() + " (" + target.image() + ") into " + targetSlot
                        + " and wait until it is available");
        out.add("rollback: check " + targetSlot + " before it gets traffic: " + gateNames);
        out.add("rollback: send 100% to " + targetSlot + " (one routing write), read the weights back, check again: " + gateNames);
        if (rollForward) {
            out.add("roll forward: check " + servingSlot + " (revision " + serving.revision() + "), send 100% back to it, read back, check again");
        } else {
            out.add("no roll forward: revision " + target.revision() + " keeps serving after the drill");
        }
        out.add("target: each restore verified within " + Durations.format(maxTimeToRestore));
        return out;
    }
}
