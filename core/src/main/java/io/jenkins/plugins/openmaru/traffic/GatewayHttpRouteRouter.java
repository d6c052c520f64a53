package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Weights on a Gateway API HTTPRoute named like the app (gateway.networking.k8s.io/v1): every rule's
 * {@code backendRefs} become the stable Service with weight {@code 100 - w} and the candidate Service
 * with weight {@code w} (weights are proportional; 0 sends nothing). Matches, filters and parentRefs
 * are kept. Writes are updates carrying the resourceVersion just read, so the arrays are replaced
 * whole and a concurrent edit is a conflict. The HTTPRoute itself is the user's: it names the Gateway.
 */
public final class GatewayHttpRouteRouter implements TrafficRouter {
    /** An HTTPRoute named like the app; never created here, so never a first deployment's choice. */
    public static final RouterType TYPE = new RouterType() {
        @Override
        public RouterKind kind() {
            return RouterKind.GATEWAY;
        }

        @Override
        public TrafficRouter create(KubernetesClient client, AppRef app) {
            return new GatewayHttpRouteRouter(client, app.namespace(), app.app());
        }

        @Override
        public String object() {
            return "HTTPRoute";
        }

        @Override
        public Optional<String> inUse(KubernetesClient client, AppRef app) {
            return RouterType.named(client, app, HTTPRoute.class, object());
        }

        /** Without its HTTPRoute a rollout would deploy the candidate and then fail every weight change, abort included. */
        @Override
        public void checkUsable(KubernetesClient client, AppRef app) {
            new GatewayHttpRouteRouter(client, app.namespace(), app.app()).require();
        }
    };

    private final KubernetesClient client;
    private final String namespace;
    private final String app;

    public GatewayHttpRouteRouter(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
    }

    /** Only checks: an HTTPRoute needs parentRefs to a Gateway, which only its owner can choose. */
    @Override
    public void reconcile(String stableService) {
        require();
    }

    @Override
    public Weights setWeight(String stableService, String candidateService, int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight " + weight + " outside 0-100");
        }
        HTTPRoute r = require();
        List<HTTPBackendRef> refs = List.of(ref(stableService, 100 - weight), ref(candidateService, weight));
        rules(r).forEach(rule -> rule.setBackendRefs(new ArrayList<>(refs)));
        return write(r, new Weights(stableService, weight == 0 ? null : candidateService, weight));
    }

    @Override
    public Weights getWeights() {
        return weightsOf(require());
    }

    @Override
    public Weights endRollout(String stableService) {
        HTTPRoute r = require();
        HTTPBackendRef only = ref(stableService, 100);
        rules(r).forEach(rule -> rule.setBackendRefs(new ArrayList<>(List.of(only))));
        return write(r, Weights.allStable(stableService));
    }

    private HTTPRoute require() {
        HTTPRoute r = client.resources(HTTPRoute.class).inNamespace(namespace).withName(app).get();
        if (r == null) {
            throw new TrafficException("HTTPRoute " + namespace + "/" + app + " does not exist; create it with parentRefs to your Gateway"
                    + " (the engine only sets its backendRefs)");
        }
        if (r.getSpec() == null || r.getSpec().getRules() == null || r.getSpec().getRules().isEmpty()) {
            throw new TrafficException("HTTPRoute " + namespace + "/" + app + " has no rules to set backendRefs on");
        }
        return r;
    }

    private static List<HTTPRouteRule> rules(HTTPRoute r) {
        return r.getSpec().getRules();
    }

    private Weights write(HTTPRoute r, Weights expected) {
        try {
            client.resources(HTTPRoute.class).inNamespace(namespace).resource(r).update();
        } catch (KubernetesClientException e) {
            throw new TrafficException("cannot update HTTPRoute " + namespace + "/" + app + ": " + e.getMessage(), e);
        }
        HTTPRoute back = require();
        for (HTTPRouteRule rule : rules(back)) {
            Weights actual = weightsOf(rule);
            if (!actual.equals(expected)) {
                throw new TrafficException("HTTPRoute " + namespace + "/" + app + " reads back " + actual + " after writing " + expected);
            }
        }
        return expected;
    }

    /** The split of the first rule (all rules are written alike). */
    static Weights weightsOf(HTTPRoute r) {
        return weightsOf(r.getSpec().getRules().get(0));
    }

    private static Weights weightsOf(HTTPRouteRule rule) {
        List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
        if (refs.isEmpty()) {
            return Weights.allStable(null);
        }
        HTTPBackendRef stable = refs.get(0);
        if (refs.size() == 1) {
            return Weights.allStable(stable.getName());
        }
        HTTPBackendRef candidate = refs.get(1);
        int s = weight(stable);
        int c = weight(candidate);
        int percent = s + c == 0 ? 0 : Math.round(100f * c / (s + c));
        return new Weights(stable.getName(), percent == 0 ? null : candidate.getName(), percent);
    }

    /** The Gateway API's default weight is 1. */
    private static int weight(HTTPBackendRef ref) {
        return ref.getWeight() == null ? 1 : Math.max(0, ref.getWeight());
    }

    private HTTPBackendRef ref(String service, int weight) {
        Service s = client.services().inNamespace(namespace).withName(service).get();
        if (s == null || s.getSpec().getPorts() == null || s.getSpec().getPorts().isEmpty()) {
            throw new TrafficException("Service " + namespace + "/" + service + " does not exist or has no port for the HTTPRoute to target");
        }
        return new HTTPBackendRefBuilder().withKind("Service").withName(service)
                .withPort(s.getSpec().getPorts().get(0).getPort()).withWeight(weight).build();
    }
}
