package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Chooses the router of an app: the one its spec names, else from what exists in the cluster. A Route
 * named like the app means Route; an HTTPRoute, Gateway API; the replica-ratio Service, replicas. With
 * none of them (a first deployment), a cluster that serves the OpenShift Route API gets a Route, any
 * other cluster the replica-ratio Service. Each choice is logged with its reason when it changes.
 */
public final class TrafficRouters implements TrafficRouterFactory {
    private static final Logger LOG = Logger.getLogger(TrafficRouters.class.getName());

    /** The default factory of the engine. */
    public static final TrafficRouters AUTO = new TrafficRouters();

    private final Map<AppRef, RouterKind> logged = new ConcurrentHashMap<>();

    /** A router kind and why it was chosen, e.g. {@code gateway (HTTPRoute shop/web exists)}. */
    public record Selection(RouterKind kind, String reason) {
        @Override
        public String toString() {
            return kind.label() + " (" + reason + ")";
        }
    }

    private TrafficRouters() {}

    @Override
    public TrafficRouter create(KubernetesClient client, AppRef app) {
        return create(client, app, null);
    }

    @Override
    public TrafficRouter create(KubernetesClient client, AppRef app, RouterKind requested) {
        Selection s = select(client, app, requested);
        if (logged.put(app, s.kind()) != s.kind()) {
            LOG.info(() -> "traffic router for " + app + ": " + s);
        }
        return of(client, app, s.kind());
    }

    public static TrafficRouter of(KubernetesClient client, AppRef app, RouterKind kind) {
        return switch (kind) {
            case ROUTE -> new OpenShiftRouteRouter(client, app.namespace(), app.app());
            case GATEWAY -> new GatewayHttpRouteRouter(client, app.namespace(), app.app());
            case REPLICAS -> new ReplicaRatioRouter(client, app.namespace(), app.app());
        };
    }

    /** The router for {@code app}: {@code requested} when set, else detected. Only reads. */
    public static Selection select(KubernetesClient client, AppRef app, RouterKind requested) {
        if (requested != null) {
            return new Selection(requested, "router: " + requested.label() + " requested");
        }
        String ns = app.namespace();
        String name = app.app();
        if (exists(() -> client.resources(Route.class).inNamespace(ns).withName(name).get())) {
            return new Selection(RouterKind.ROUTE, "Route " + ns + "/" + name + " exists");
        }
        if (exists(() -> client.resources(HTTPRoute.class).inNamespace(ns).withName(name).get())) {
            return new Selection(RouterKind.GATEWAY, "HTTPRoute " + ns + "/" + name + " exists");
        }
        Service svc = client.services().inNamespace(ns).withName(name).get();
        if (ReplicaRatioRouter.manages(svc)) {
            return new Selection(RouterKind.REPLICAS, "Service " + ns + "/" + name + " splits by replicas");
        }
        if (routeApiServed(client, ns)) {
            return new Selection(RouterKind.ROUTE, "no Route, HTTPRoute or replica-ratio Service named " + name
                    + "; the cluster serves route.openshift.io, so a Route is created");
        }
        return new Selection(RouterKind.REPLICAS, "no Route, HTTPRoute or replica-ratio Service named " + name
                + " and no OpenShift Route API; Service " + name + " splits by replicas");
    }

    /** A 404 means the API (kind) is not served: nothing exists. */
    private static boolean exists(java.util.function.Supplier<?> get) {
        try {
            return get.get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Lists Routes (at most one): a plain Kubernetes API server answers 404. */
    private static boolean routeApiServed(KubernetesClient client, String namespace) {
        try {
            client.resources(Route.class).inNamespace(namespace).list(new ListOptionsBuilder().withLimit(1L).build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
