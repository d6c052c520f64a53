package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;

/** Chooses and builds the router for one app. */
@FunctionalInterface
public interface TrafficRouterFactory {

    TrafficRouter create(KubernetesClient client, AppRef app);

    /** The router for a rollout whose spec asked for {@code requested} (null = automatic); factories with one router ignore it. */
    default TrafficRouter create(KubernetesClient client, AppRef app, RouterKind requested) {
        return create(client, app);
    }

    /** An OpenShift Route named like the app. */
    TrafficRouterFactory OPENSHIFT_ROUTE = (client, app) -> new OpenShiftRouteRouter(client, app.namespace(), app.app());
}
