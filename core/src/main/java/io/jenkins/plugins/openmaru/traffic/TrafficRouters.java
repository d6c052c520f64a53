package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Choices;
import io.jenkins.plugins.openmaru.model.RouterKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Chooses the router of an app: the one its spec names, else from what exists in the cluster, as each
 * router's {@link RouterType} recognises it. A Route named like the app means Route; an HTTPRoute, Gateway
 * API; the replica-ratio Service, replicas. With none of them (a first deployment), a cluster that serves
 * the OpenShift Route API gets a Route, any other cluster the replica-ratio Service. Each choice is logged
 * with its reason when it changes.
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
        return type(kind).create(client, app);
    }

    /** The router class's own description of {@code kind}: a switch, so a new kind does not compile until it has one. */
    public static RouterType type(RouterKind kind) {
        return switch (kind) {
            case ROUTE -> OpenShiftRouteRouter.TYPE;
            case GATEWAY -> GatewayHttpRouteRouter.TYPE;
            case REPLICAS -> ReplicaRatioRouter.TYPE;
        };
    }

    /**
     * The router for {@code app}: {@code requested} when set, else the first kind (in {@link RouterKind} order) whose
     * object exists, else the first that suits a first deployment on this cluster. Only reads.
     */
    public static Selection select(KubernetesClient client, AppRef app, RouterKind requested) {
        if (requested != null) {
            return new Selection(requested, "router: " + requested.label() + " requested");
        }
        List<RouterType> types = Arrays.stream(RouterKind.values()).map(TrafficRouters::type).toList();
        for (RouterType t : types) {
            Optional<String> why = t.inUse(client, app);
            if (why.isPresent()) {
                return new Selection(t.kind(), why.get());
            }
        }
        String none = "no " + Choices.either(types.stream().map(RouterType::object).toList()) + " named " + app.app() + "; ";
        for (RouterType t : types) {
            Optional<String> why = t.firstChoice(client, app);
            if (why.isPresent()) {
                return new Selection(t.kind(), none + why.get());
            }
        }
        throw new TrafficException(none + "no router suits a first deployment on this cluster");
    }
}
