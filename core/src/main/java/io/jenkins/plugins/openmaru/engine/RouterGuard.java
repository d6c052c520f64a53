package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.Choices;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.traffic.TrafficException;
import io.jenkins.plugins.openmaru.traffic.TrafficRouters;

/**
 * Checks, by reading only, that the router a spec asks for can carry traffic: a gateway rollout without
 * its HTTPRoute would deploy the candidate and then fail every weight change, abort included.
 */
public final class RouterGuard {
    private RouterGuard() {
    }

    /** @throws ValidationException naming {@code router} when the router asked for lacks what it needs, e.g. gateway's HTTPRoute */
    public static void check(KubernetesClient client, RolloutSpec spec) {
        RouterKind asked = spec.router();
        if (asked == null) {
            return;
        }
        try {
            TrafficRouters.type(asked).checkUsable(client, spec.target());
        } catch (TrafficException e) {
            String others = Choices.either(RouterKind.choices().stream().filter(c -> !c.equals(asked.label())).toList());
            throw new ValidationException("router", asked.label(), others + ", or " + asked.label() + " once " + e.getMessage());
        }
    }
}
