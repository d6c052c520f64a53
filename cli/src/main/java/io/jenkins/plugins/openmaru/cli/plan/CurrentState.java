package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Slot;
import java.util.Optional;

/**
 * What the cluster says about the app before the rollout, as far as a plan needs it; read with GETs only.
 *
 * @param state the app's delivery state; null when it could not be read
 * @param unknownReason why the state could not be read (no kubeconfig, unreachable); null when it was
 * @param replicas pods of the Deployment the candidate replaces (stable slot, or {@code <app>} for rolling); null if none
 * @param driver who holds the app's lease now, if anyone
 */
public record CurrentState(DeliveryState state, String unknownReason, Integer replicas, String driver) {

    public static CurrentState unknown(String reason) {
        return new CurrentState(null, reason, null, null);
    }

    public static CurrentState of(DeliveryState state, Integer replicas, String driver) {
        return new CurrentState(state, null, replicas, driver);
    }

    public boolean known() {
        return state != null;
    }

    /** The release serving now. Empty when there is none, or when the state is unknown. */
    public Optional<Release> stable() {
        return known() ? state.serving() : Optional.empty();
    }

    /** Whether the rollout would be the app's first: an initial deployment straight to 100 %. Unknown state plans as not first. */
    public boolean firstDeployment() {
        return known() && state.serving().isEmpty();
    }

    /** The slot serving now; unknown or first deployment: blue's peer is assumed, so the candidate goes to green. */
    public Slot activeSlot() {
        return known() && state.activeSlot() != null ? state.activeSlot() : Slot.BLUE;
    }

    /** The slot the candidate goes to: the idle one, or blue on a first deployment (as the engine chooses). */
    public Slot candidateSlot() {
        return firstDeployment() ? Slot.BLUE : activeSlot().other();
    }
}
