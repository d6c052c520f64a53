package io.jenkins.plugins.openmaru.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.openshift.api.model.RouteTargetReference;
import io.fabric8.openshift.api.model.RouteTargetReferenceBuilder;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Weights on an OpenShift Route named like the app: {@code spec.to} is the stable Service with weight
 * {@code 100 - w}, {@code spec.alternateBackends} holds the candidate Service with weight {@code w}
 * (absent at 0). Writes are updates carrying the resourceVersion just read, so a concurrent edit
 * gives a conflict instead of a lost update (and the whole array is replaced, never merged).
 */
public final class OpenShiftRouteRouter implements TrafficRouter {

    /** Sticky cookies pin clients to a backend, so weight 0 would not drain them; round robin spreads new requests by weight. */
    public static final Map<String, String> CANARY_ANNOTATIONS = Map.of(
            "haproxy.router.openshift.io/balance", "roundrobin",
            "haproxy.router.openshift.io/disable_cookies", "true");
    /** The values the canary settings replaced (JSON; null = was absent), restored by {@link #endRollout}. */
    public static final String SAVED_ANNOTATIONS = "delivery.openmaru.io/saved-annotations";

    /** A Route named like the app; the first choice of a cluster that serves the OpenShift Route API. */
    public static final RouterType TYPE = new RouterType() {
        @Override
        public RouterKind kind() {
            return RouterKind.ROUTE;
        }

        @Override
        public TrafficRouter create(KubernetesClient client, AppRef app) {
            return new OpenShiftRouteRouter(client, app.namespace(), app.app());
        }

        @Override
        public String object() {
            return "Route";
        }

        @Override
        public Optional<String> inUse(KubernetesClient client, AppRef app) {
            return RouterType.named(client, app, Route.class, object());
        }

        /** Lists Routes (at most one): a plain Kubernetes API server answers 404. */
        @Override
        public Optional<String> firstChoice(KubernetesClient client, AppRef app) {
            Object served = RouterType.getOrNull(() -> client.resources(Route.class).inNamespace(app.namespace())
                    .list(new ListOptionsBuilder().withLimit(1L).build()));
            return served == null ? Optional.empty() : Optional.of("the cluster serves route.openshift.io, so a Route is created");
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubernetesClient client;
    private final String namespace;
    private final String app;

    public OpenShiftRouteRouter(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
    }

    private Resource<Route> route() {
        return client.resources(Route.class).inNamespace(namespace).withName(app);
    }

    @Override
    public void reconcile(String stableService) {
        if (route().get() != null) {
            return;
        }
        Route r = new RouteBuilder()
                .withNewMetadata().withName(app).withNamespace(namespace)
                .addToLabels("delivery.openmaru.io/app", app).endMetadata()
                .withNewSpec().withTo(target(stableService, 100)).endSpec()
                .build();
        try {
            client.resources(Route.class).inNamespace(namespace).resource(r).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new TrafficException("cannot create Route " + namespace + "/" + app + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Weights setWeight(String stableService, String candidateService, int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight " + weight + " outside 0-100");
        }
        Route r = require();
        r.getSpec().setTo(target(stableService, 100 - weight));
        r.getSpec().setAlternateBackends(weight == 0 ? List.of() : List.of(target(candidateService, weight)));
        applyCanaryAnnotations(r);
        return write(r, new Weights(stableService, weight == 0 ? null : candidateService, weight));
    }

    @Override
    public Weights getWeights() {
        return weightsOf(require());
    }

    @Override
    public Weights endRollout(String stableService) {
        Route r = require();
        r.getSpec().setTo(target(stableService, 100));
        r.getSpec().setAlternateBackends(List.of());
        restoreAnnotations(r);
        return write(r, Weights.allStable(stableService));
    }

    private Route require() {
        Route r = route().get();
        if (r == null) {
            throw new TrafficException("Route " + namespace + "/" + app + " does not exist");
        }
        return r;
    }

    private Weights write(Route r, Weights expected) {
        try {
            client.resources(Route.class).inNamespace(namespace).resource(r).update();
        } catch (KubernetesClientException e) {
            throw new TrafficException("cannot update Route " + namespace + "/" + app + ": " + e.getMessage(), e);
        }
        Weights actual = getWeights();
        if (!actual.equals(expected)) {
            throw new TrafficException("Route " + namespace + "/" + app + " reads back " + actual + " after writing " + expected);
        }
        return actual;
    }

    static Weights weightsOf(Route r) {
        RouteTargetReference to = r.getSpec().getTo();
        List<RouteTargetReference> alternates = r.getSpec().getAlternateBackends();
        if (alternates == null || alternates.isEmpty()) {
            return Weights.allStable(to.getName());
        }
        RouteTargetReference candidate = alternates.get(0);
        int stableWeight = to.getWeight() == null ? 100 : to.getWeight();
        int candidateWeight = candidate.getWeight() == null ? 100 : candidate.getWeight();
        int total = stableWeight + candidateWeight;
        int percent = total == 0 ? 0 : Math.round(100f * candidateWeight / total);
        return new Weights(to.getName(), percent == 0 ? null : candidate.getName(), percent);
    }

    private static RouteTargetReference target(String service, int weight) {
        return new RouteTargetReferenceBuilder().withKind("Service").withName(service).withWeight(weight).build();
    }

    private static void applyCanaryAnnotations(Route r) {
        Map<String, String> annotations = annotations(r);
        if (!annotations.containsKey(SAVED_ANNOTATIONS)) {
            Map<String, String> saved = new LinkedHashMap<>();
            CANARY_ANNOTATIONS.keySet().stream().sorted().forEach(k -> saved.put(k, annotations.get(k)));
            annotations.put(SAVED_ANNOTATIONS, toJson(saved));
        }
        annotations.putAll(CANARY_ANNOTATIONS);
    }

    private static void restoreAnnotations(Route r) {
        Map<String, String> annotations = annotations(r);
        String saved = annotations.remove(SAVED_ANNOTATIONS);
        if (saved == null) {
            return;
        }
        fromJson(saved).forEach((k, v) -> {
            if (v == null) {
                annotations.remove(k);
            } else {
                annotations.put(k, v);
            }
        });
    }

    private static Map<String, String> annotations(Route r) {
        if (r.getMetadata().getAnnotations() == null) {
            r.getMetadata().setAnnotations(new HashMap<>());
        }
        return r.getMetadata().getAnnotations();
    }

    private static String toJson(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromJson(String s) {
        try {
            return JSON.readValue(s, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new TrafficException("annotation " + SAVED_ANNOTATIONS + " is not a JSON object: " + s, e);
        }
    }
}
