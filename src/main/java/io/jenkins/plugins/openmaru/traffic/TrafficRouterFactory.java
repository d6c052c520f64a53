package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.AppRef;

/** Chooses and builds the router for one app. */
@FunctionalInterface
public interface TrafficRouterFactory {

    TrafficRouter create(KubernetesClient client, AppRef app);

    /** An OpenShift Route named like the app. */
    TrafficRouterFactory OPENSHIFT_ROUTE = (client, app) -> new OpenShiftRouteRouter(client, app.namespace(), app.app());
}
