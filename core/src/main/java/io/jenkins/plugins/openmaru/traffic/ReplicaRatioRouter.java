package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * No router: Service {@code <app>} selects the pods, and the split follows from which slots it selects.
 * At 0 % and 100 % it selects one slot (the slot Service's selector), so a switch is one Service write.
 * In between it selects both slots by their common labels (the app label) and the candidate gets
 * {@code round(N * weight / 100)} of the N replicas, the stable slot the rest: with N replicas the
 * smallest step is 1/N, and the weight read back is the one the replica counts give.
 * The stable slot is never scaled to 0 here: that is the warm slot's scale-down, after the rollout.
 */
public final class ReplicaRatioRouter implements TrafficRouter {
    /** Marks Service {@code <app>} as the replica-ratio router's (also how automatic selection recognises it). */
    public static final String ROUTER_LABEL = "delivery.openmaru.io/router";
    static final String STABLE = "delivery.openmaru.io/stable-service";
    static final String CANDIDATE = "delivery.openmaru.io/candidate-service";
    static final String TOTAL = "delivery.openmaru.io/total-replicas";

    /** Service {@code <app>} labelled as this router's; the first choice of any cluster, as it needs no router. */
    public static final RouterType TYPE = new RouterType() {
        @Override
        public RouterKind kind() {
            return RouterKind.REPLICAS;
        }

        @Override
        public TrafficRouter create(KubernetesClient client, AppRef app) {
            return new ReplicaRatioRouter(client, app.namespace(), app.app());
        }

        @Override
        public String object() {
            return "replica-ratio Service";
        }

        @Override
        public Optional<String> inUse(KubernetesClient client, AppRef app) {
            Service s = client.services().inNamespace(app.namespace()).withName(app.app()).get();
            return manages(s) ? Optional.of("Service " + app + " splits by replicas") : Optional.empty();
        }

        @Override
        public Optional<String> firstChoice(KubernetesClient client, AppRef app) {
            return Optional.of("no other router's API is served, so Service " + app.app() + " splits by replicas");
        }
    };

    private final KubernetesClient client;
    private final String namespace;
    private final String app;

    public ReplicaRatioRouter(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
    }

    static boolean manages(Service s) {
        return s != null && s.getMetadata().getLabels() != null && "replicas".equals(s.getMetadata().getLabels().get(ROUTER_LABEL));
    }

    @Override
    public void reconcile(String stableService) {
        if (service(app) != null) {
            return;
        }
        Service slot = requireService(stableService);
        List<ServicePort> ports = slot.getSpec().getPorts();
        Service s = new ServiceBuilder()
                .withNewMetadata().withName(app).withNamespace(namespace)
                .addToLabels("delivery.openmaru.io/app", app).addToLabels(ROUTER_LABEL, "replicas")
                .addToAnnotations(STABLE, stableService).endMetadata()
                .withNewSpec().withSelector(selector(slot)).withPorts(ports).endSpec()
                .build();
        try {
            client.services().inNamespace(namespace).resource(s).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new TrafficException("cannot create Service " + namespace + "/" + app + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Weights setWeight(String stableService, String candidateService, int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight " + weight + " outside 0-100");
        }
        Service s = requireRouter();
        Map<String, String> annotations = annotations(s);
        int total = annotations.containsKey(TOTAL) ? Integer.parseInt(annotations.get(TOTAL))
                : Math.max(1, Math.max(replicas(stableService), replicas(candidateService)));
        int candidatePods = candidatePods(total, weight);
        annotations.put(STABLE, stableService);
        annotations.put(CANDIDATE, candidateService);
        annotations.put(TOTAL, Integer.toString(total));
        Map<String, String> selector;
        if (candidatePods == 0) {
            selector = selector(requireService(stableService));
        } else if (candidatePods == total) {
            selector = selector(requireService(candidateService));
        } else {
            selector = common(selector(requireService(stableService)), selector(requireService(candidateService)));
        }
        // Pods first, then the selector: the Service never selects a slot that is being scaled to nothing.
        if (candidatePods == 0) {
            scale(stableService, Math.max(total, replicas(stableService)));
        } else {
            scale(candidateService, candidatePods);
            if (candidatePods < total) {
                scale(stableService, total - candidatePods);
            }
        }
        s.getSpec().setSelector(selector);
        int effective = Math.round(100f * candidatePods / total);
        return write(s, new Weights(stableService, effective == 0 ? null : candidateService, effective));
    }

    /** The candidate's share of {@code total} replicas for {@code weight}: rounded to the nearest pod. */
    static int candidatePods(int total, int weight) {
        return Math.round(total * weight / 100f);
    }

    @Override
    public Weights getWeights() {
        Service s = requireRouter();
        Map<String, String> a = annotations(s);
        String stable = a.get(STABLE);
        String candidate = a.get(CANDIDATE);
        Map<String, String> selector = s.getSpec().getSelector();
        if (candidate == null) {
            return Weights.allStable(stable);
        }
        if (selector.equals(selector(requireService(candidate)))) {
            return new Weights(stable, candidate, 100);
        }
        if (selector.equals(selector(requireService(stable)))) {
            return Weights.allStable(stable);
        }
        int c = replicas(candidate);
        int total = c + replicas(stable);
        int percent = total == 0 ? 0 : Math.round(100f * c / total);
        return new Weights(stable, percent == 0 ? null : candidate, percent);
    }

    @Override
    public Weights endRollout(String stableService) {
        Service s = requireRouter();
        Map<String, String> a = annotations(s);
        String other = stableService.equals(a.get(CANDIDATE)) ? a.get(STABLE) : a.get(CANDIDATE);
        int total = a.containsKey(TOTAL) ? Integer.parseInt(a.get(TOTAL)) : 0;
        s.getSpec().setSelector(selector(requireService(stableService)));
        a.put(STABLE, stableService);
        a.remove(CANDIDATE);
        a.remove(TOTAL);
        Weights out = write(s, Weights.allStable(stableService));
        // Traffic first; then the new stable gets back the full count a split may have taken from it.
        int wanted = Math.max(total, other == null ? 0 : replicas(other));
        if (replicas(stableService) < wanted) {
            scale(stableService, wanted);
        }
        return out;
    }

    private Weights write(Service s, Weights expected) {
        try {
            client.services().inNamespace(namespace).resource(s).update();
        } catch (KubernetesClientException e) {
            throw new TrafficException("cannot update Service " + namespace + "/" + app + ": " + e.getMessage(), e);
        }
        Weights actual = getWeights();
        if (!actual.equals(expected)) {
            throw new TrafficException("Service " + namespace + "/" + app + " reads back " + actual + " after writing " + expected);
        }
        return actual;
    }

    private void scale(String deployment, int replicas) {
        if (replicas(deployment) == replicas) {
            return;
        }
        try {
            client.apps().deployments().inNamespace(namespace).withName(deployment)
                    .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]");
        } catch (KubernetesClientException e) {
            throw new TrafficException("cannot scale Deployment " + namespace + "/" + deployment + " to " + replicas + ": " + e.getMessage(), e);
        }
        if (replicas(deployment) != replicas) {
            throw new TrafficException("Deployment " + namespace + "/" + deployment + " reads back " + replicas(deployment)
                    + " replicas after scaling to " + replicas);
        }
    }

    private int replicas(String deployment) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        return d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
    }

    private Service service(String name) {
        return client.services().inNamespace(namespace).withName(name).get();
    }

    private Service requireService(String name) {
        Service s = service(name);
        if (s == null || s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty()) {
            throw new TrafficException("Service " + namespace + "/" + name + " does not exist or selects no pods");
        }
        return s;
    }

    private Service requireRouter() {
        Service s = service(app);
        if (!manages(s)) {
            throw new TrafficException("Service " + namespace + "/" + app + " does not exist or is not labelled " + ROUTER_LABEL + "=replicas");
        }
        return s;
    }

    private static Map<String, String> selector(Service s) {
        return new LinkedHashMap<>(s.getSpec().getSelector());
    }

    private static Map<String, String> common(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new LinkedHashMap<>(a);
        out.entrySet().removeIf(e -> !e.getValue().equals(b.get(e.getKey())));
        if (out.isEmpty()) {
            throw new TrafficException("the slot Services share no selector label, so no Service can select both: " + a + " / " + b);
        }
        return out;
    }

    private static Map<String, String> annotations(Service s) {
        if (s.getMetadata().getAnnotations() == null) {
            s.getMetadata().setAnnotations(new HashMap<>());
        }
        return s.getMetadata().getAnnotations();
    }
}
