package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.util.Set;

/**
 * The outcome of one engine operation: the app's state as persisted, what happens next, and what the operation did
 * besides writing the state ({@code effects}), so that a caller reports what happened without reading messages.
 */
public record Progress(AppRef app, DeliveryState state, String resourceVersion, Wait next, Set<Effect> effects) {

    /** What an operation did (or found) that its state and wait do not say. Only the operation's last conflict retry counts. */
    public enum Effect {
        /** A release was written into a slot: a rollout's candidate, or a rollback's release into an idle slot that was not warm. */
        SLOT_DEPLOYED,
        /**
         * An idle {@link RolloutEngine#reconcile} found the routing disagreeing with the serving release and put all traffic
         * back on its slot with one routing write ({@link RoutingRepair}); the wait's reason says what it found.
         */
        ROUTING_REPAIRED,
        /**
         * An idle {@link RolloutEngine#reconcile} found the routing disagreeing with the serving release (or could not read it)
         * and wrote no routing: the slot is not warm, or another identity holds the lease; the wait's reason says which.
         */
        ROUTING_LEFT
    }

    public Progress {
        effects = Set.copyOf(effects);
    }

    public boolean done() {
        return next.done();
    }

    public boolean did(Effect e) {
        return effects.contains(e);
    }
}
