package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.ValidationException;

/**
 * Refuses a rollout whose strategy does not fit how the app is deployed: a rolling update changes
 * Deployment {@code <app>} while the router keeps serving a slot, and a slot rollout leaves Deployment
 * {@code <app>} serving beside the slots. Either would record a promotion that no user sees.
 */
public final class StrategyGuard {
    private StrategyGuard() {
    }

    /** @throws ValidationException naming {@code strategy} when the serving release was deployed the other way */
    public static void check(DeliveryState state, RolloutSpec spec) {
        Release serving = state.serving().orElse(null);
        if (serving == null || usesSlots(serving.strategy()) == usesSlots(spec.strategy())) {
            return;
        }
        String expected = usesSlots(serving.strategy()) ? Strategy.CANARY.label() + " or " + Strategy.BLUE_GREEN.label() : Strategy.ROLLING.label();
        String how = usesSlots(serving.strategy()) ? "slots (" + serving.slot().label() + " serves)" : "a rolling update of Deployment " + spec.target().app();
        throw new ValidationException("strategy", spec.strategy().label(), expected + ": " + spec.target() + " serves revision "
                + serving.revision() + " deployed with " + how + "; switching between slots and a rolling update in place is not"
                + " supported, so keep the strategy or deploy under a new app name and move traffic to it");
    }

    private static boolean usesSlots(Strategy s) {
        return s != Strategy.ROLLING;
    }
}
