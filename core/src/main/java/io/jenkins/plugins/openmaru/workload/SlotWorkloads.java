package io.jenkins.plugins.openmaru.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Slot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two slots of one app: Deployment and Service {@code <app>-blue} and {@code <app>-green}, labelled
 * {@code delivery.openmaru.io/app} and {@code delivery.openmaru.io/slot}. Existing objects (e.g. from the
 * Openmaru template) are adopted: a deploy changes only the image, the engine-set env and the replica count.
 */
public final class SlotWorkloads {
    public static final String APP_LABEL = "delivery.openmaru.io/app";
    public static final String SLOT_LABEL = "delivery.openmaru.io/slot";
    public static final String REVISION_ANNOTATION = "delivery.openmaru.io/revision";
    private static final int EDIT_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final AppRef app;

    public SlotWorkloads(KubernetesClient client, AppRef app) {
        this.client = client;
        this.app = app;
    }

    public String name(Slot slot) {
        return slot.resourceName(app.app());
    }

    public Deployment get(Slot slot) {
        return client.apps().deployments().inNamespace(app.namespace()).withName(name(slot)).get();
    }

    /** The image of the slot's app container, or null when the slot has no Deployment. */
    public static String imageOf(Deployment d) {
        return d == null ? null : container(d).getImage();
    }

    public static int replicasOf(Deployment d) {
        return d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
    }

    /** The env the engine set on the slot's app container ({@link EngineEnv}); empty when the slot has no Deployment. */
    public static Map<String, String> envOf(Deployment d) {
        return d == null ? Map.of() : EngineEnv.of(d.getSpec().getTemplate(), container(d));
    }

    /** Whether the slot still runs {@code release} (image and engine-set env) and can take traffic now: a rollback to it is one routing write. */
    public static boolean isWarm(Deployment d, Release release) {
        return release.image().equals(imageOf(d)) && release.env().equals(envOf(d)) && replicasOf(d) > 0 && Availability.isAvailable(d);
    }

    /**
     * Writes {@code image}, replicas and exactly {@code env} as the engine-set env ({@link EngineEnv}) into the
     * slot, creating its Deployment and Service if absent. One write per object that changes.
     */
    public Deployment deploy(Slot slot, String image, int replicas, Map<String, String> env, int port, int revision) {
        ensureService(slot, port);
        Deployment existing = get(slot);
        if (existing == null) {
            try {
                return client.apps().deployments().inNamespace(app.namespace()).resource(newDeployment(slot, image, replicas, env, port, revision)).create();
            } catch (KubernetesClientException e) {
                // Already there: our own create whose answer was lost (or a racing one); the edit below makes it what we want.
                if (e.getCode() != 409) {
                    throw e;
                }
                if (get(slot) == null) {
                    throw conflictWithNothingThere(slot, e);
                }
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return edit(slot, image, replicas, env, revision);
            } catch (KubernetesClientException e) {
                // The Deployment controller writes status all the time; a conflict means "read again", not "fail".
                if (e.getCode() != 409 || attempt == EDIT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A 409 on create with nothing there to edit: say so, not what the edit's read of a missing object would (404). */
    private KubernetesClientException conflictWithNothingThere(Slot slot, KubernetesClientException e) {
        String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return new KubernetesClientException("creating Deployment " + app.namespace() + "/" + name(slot) + " was answered 409 Conflict, "
                + "but there is no such Deployment to update (" + why + ")", e.getCode(), e.getStatus());
    }

    private Deployment edit(Slot slot, String image, int replicas, Map<String, String> env, int revision) {
        return client.apps().deployments().inNamespace(app.namespace()).withName(name(slot)).edit(d -> {
            Container c = container(d);
            c.setImage(image);
            EngineEnv.set(d.getSpec().getTemplate(), c, env);
            d.getSpec().setReplicas(replicas);
            ObjectMeta meta = d.getSpec().getTemplate().getMetadata();
            Map<String, String> annotations = new HashMap<>(meta.getAnnotations());
            annotations.put(REVISION_ANNOTATION, Integer.toString(revision));
            meta.setAnnotations(annotations);
            return d;
        });
    }

    /** Sets the slot's replica count with one JSON patch (no read). */
    public void scale(Slot slot, int replicas) {
        client.apps().deployments().inNamespace(app.namespace()).withName(name(slot))
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]");
    }

    private void ensureService(Slot slot, int port) {
        if (client.services().inNamespace(app.namespace()).withName(name(slot)).get() != null) {
            return;
        }
        Service s = new ServiceBuilder()
                .withNewMetadata().withName(name(slot)).withNamespace(app.namespace()).withLabels(labels(slot)).endMetadata()
                .withNewSpec().withSelector(labels(slot))
                .addNewPort().withName("http").withPort(port).withTargetPort(new IntOrString(port)).endPort()
                .endSpec().build();
        try {
            client.services().inNamespace(app.namespace()).resource(s).create();
        } catch (KubernetesClientException e) {
            // Already there with our selector: our own create whose answer was lost. Any other Service by that name is a conflict.
            Service there = e.getCode() == 409 ? client.services().inNamespace(app.namespace()).withName(name(slot)).get() : null;
            if (there == null || !labels(slot).equals(there.getSpec().getSelector())) {
                throw e;
            }
        }
    }

    private Deployment newDeployment(Slot slot, String image, int replicas, Map<String, String> env, int port, int revision) {
        Container c = new ContainerBuilder().withName(app.app()).withImage(image)
                .addNewPort().withName("http").withContainerPort(port).endPort().build();
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(name(slot)).withNamespace(app.namespace()).withLabels(labels(slot)).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels(slot)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(slot)).addToAnnotations(REVISION_ANNOTATION, Integer.toString(revision)).endMetadata()
                .withNewSpec().withContainers(c).endSpec()
                .endTemplate().endSpec().build();
        EngineEnv.set(d.getSpec().getTemplate(), container(d), env);
        return d;
    }

    private Map<String, String> labels(Slot slot) {
        return Map.of(APP_LABEL, app.app(), SLOT_LABEL, slot.label());
    }

    /** The container named like the app, or the first one. */
    public static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        return cs.stream().filter(c -> c.getName().equals(d.getMetadata().getLabels() == null ? null
                : d.getMetadata().getLabels().get(APP_LABEL))).findFirst().orElse(cs.get(0));
    }
}
