package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.openshift.api.model.RouteTargetReference;
import java.util.List;
import java.util.Map;

/** Creates the objects the engine would: slot Deployments and Services, a Route or an HTTPRoute. */
final class SandboxObjects {

    private final KubernetesClient client;
    private final String namespace;

    SandboxObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** A slot Deployment whose status says all replicas are ready, and its Service. */
    void slot(String app, String slot, String image, int replicas, Map<String, String> env) {
        client.apps().deployments().inNamespace(namespace).resource(deployment(app, slot, image, replicas, env)).create();
        Service service = new ServiceBuilder()
                .withNewMetadata().withName(app + "-" + slot).withNamespace(namespace).addToLabels(labels(app, slot)).endMetadata()
                .withNewSpec().withSelector(labels(app, slot)).addNewPort().withPort(8080).endPort().endSpec()
                .build();
        client.services().inNamespace(namespace).resource(service).create();
    }

    void slot(String app, String slot, String image) {
        slot(app, slot, image, 1, Map.of());
    }

    /** Replaces the slot Deployment, as a rollout to a new image or env would. */
    void redeploy(String app, String slot, String image, int replicas, Map<String, String> env) {
        client.apps().deployments().inNamespace(namespace).withName(app + "-" + slot)
                .edit(d -> deployment(app, slot, image, replicas, env));
    }

    static Deployment deployment(String app, String slot, String image, int replicas, Map<String, String> env) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(app + "-" + slot).addToLabels(labels(app, slot)).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels(app, slot)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(app, slot)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image)
                .withEnv(env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
                .endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).endStatus()
                .build();
    }

    /** A Route {@code <app>} to {@code <app>-blue} and {@code <app>-green} with these weights. */
    void route(String app, String host, int blue, int green) {
        client.resources(Route.class).inNamespace(namespace).resource(new RouteBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withHost(host)
                .withTo(new RouteTargetReference("Service", app + "-blue", blue))
                .withAlternateBackends(new RouteTargetReference("Service", app + "-green", green))
                .endSpec().build()).create();
    }

    void reweigh(String app, int blue, int green) {
        client.resources(Route.class).inNamespace(namespace).withName(app).edit(r -> new RouteBuilder(r).editSpec()
                .withTo(new RouteTargetReference("Service", app + "-blue", blue))
                .withAlternateBackends(List.of(new RouteTargetReference("Service", app + "-green", green)))
                .endSpec().build());
    }

    void httpRoute(String app, String host, int blue, int green) {
        HTTPRoute route = new HTTPRouteBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withHostnames(host)
                .addNewRule()
                .addNewBackendRef().withName(app + "-blue").withPort(8080).withWeight(blue).endBackendRef()
                .addNewBackendRef().withName(app + "-green").withPort(8080).withWeight(green).endBackendRef()
                .endRule().endSpec().build();
        client.resources(HTTPRoute.class).inNamespace(namespace).resource(route).create();
    }

    static Map<String, String> labels(String app, String slot) {
        return Map.of(PodLabels.APP_LABEL, app, PodLabels.SLOT_LABEL, slot);
    }
}
