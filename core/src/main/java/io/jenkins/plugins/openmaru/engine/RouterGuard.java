package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.traffic.GatewayHttpRouteRouter;
import io.jenkins.plugins.openmaru.traffic.TrafficException;

/**
 * Checks, by reading only, that the router a spec asks for can carry traffic: a gateway rollout without
 * its HTTPRoute would deploy the candidate and then fail every weight change, abort included.
 */
public final class RouterGuard {
    private RouterGuard() {
    }

    /** @throws ValidationException naming {@code router} when {@code gateway} is asked for and its HTTPRoute is missing or has no rules */
    public static void check(KubernetesClient client, RolloutSpec spec) {
        if (spec.router() != RouterKind.GATEWAY) {
            return;
        }
        try {
            new GatewayHttpRouteRouter(client, spec.target().namespace(), spec.target().app()).getWeights();
        } catch (TrafficException e) {
            throw new ValidationException("router", "gateway", "route, replicas or auto, or gateway once " + e.getMessage());
        }
    }
}
