package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import java.net.URI;
import java.util.Optional;

/**
 * OpenShift Route {@code <app>-preview}: reaches the blue/green candidate slot while it receives no
 * production traffic, so testers and gates can try it. Created on first use, then re-pointed at each
 * new candidate (an update carrying the resourceVersion), and read back.
 */
public final class PreviewRoute {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String app;

    public PreviewRoute(KubernetesClient client, String namespace, String app) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
        this.name = name(app);
    }

    public static String name(String app) {
        return app + "-preview";
    }

    /** Points the preview Route at {@code service}, creating it if absent; returns its host (null until assigned). */
    public String pointAt(String service) {
        Route existing = client.resources(Route.class).inNamespace(namespace).withName(name).get();
        try {
            if (existing == null) {
                Route r = new RouteBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                        .addToLabels("delivery.openmaru.io/app", app).addToLabels("delivery.openmaru.io/preview", "true").endMetadata()
                        .withNewSpec().withNewTo().withKind("Service").withName(service).withWeight(100).endTo().endSpec().build();
                client.resources(Route.class).inNamespace(namespace).resource(r).create();
            } else if (!service.equals(existing.getSpec().getTo().getName())) {
                existing.getSpec().getTo().setName(service);
                client.resources(Route.class).inNamespace(namespace).resource(existing).update();
            }
        } catch (KubernetesClientException e) {
            throw new TrafficException("cannot point Route " + namespace + "/" + name + " at " + service + ": " + e.getMessage(), e);
        }
        Route back = client.resources(Route.class).inNamespace(namespace).withName(name).get();
        if (back == null || !service.equals(back.getSpec().getTo().getName())) {
            throw new TrafficException("Route " + namespace + "/" + name + " does not read back as pointing at " + service);
        }
        return back.getSpec().getHost();
    }

    /** Where the preview Route of {@code app} answers, when it has a host and points at {@code service}; empty otherwise. */
    public static Optional<URI> url(KubernetesClient client, String namespace, String app, String service) {
        Route r = client.resources(Route.class).inNamespace(namespace).withName(name(app)).get();
        if (r == null || r.getSpec().getHost() == null || !service.equals(r.getSpec().getTo().getName())) {
            return Optional.empty();
        }
        return Optional.of(URI.create((r.getSpec().getTls() == null ? "http://" : "https://") + r.getSpec().getHost()));
    }
}
