package io.jenkins.plugins.openmaru.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
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
import io.jenkins.plugins.openmaru.model.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two slots of one app: Deployment and Service {@code <app>-blue} and {@code <app>-green}, labelled
 * {@code delivery.openmaru.io/app} and {@code delivery.openmaru.io/slot}. Existing objects (e.g. from the
 * Openmaru template) are adopted: a deploy changes only the image, env and replica count.
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

    /**
     * Writes {@code image} (and env, replicas) into the slot, creating its Deployment and Service if absent.
     * One write per object that changes.
     */
    public Deployment deploy(Slot slot, String image, int replicas, Map<String, String> env, int port, int revision) {
        ensureService(slot, port);
        Deployment existing = get(slot);
        if (existing == null) {
            return client.apps().deployments().inNamespace(app.namespace()).resource(newDeployment(slot, image, replicas, env, port, revision)).create();
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

    private Deployment edit(Slot slot, String image, int replicas, Map<String, String> env, int revision) {
        return client.apps().deployments().inNamespace(app.namespace()).withName(name(slot)).edit(d -> {
            Container c = container(d);
            c.setImage(image);
            c.setEnv(mergeEnv(c.getEnv(), env));
            d.getSpec().setReplicas(replicas);
            ObjectMeta meta = d.getSpec().getTemplate().getMetadata();
            if (meta == null) {
                meta = new ObjectMeta();
                d.getSpec().getTemplate().setMetadata(meta);
            }
            Map<String, String> annotations = meta.getAnnotations() == null ? new HashMap<>() : new HashMap<>(meta.getAnnotations());
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
        client.services().inNamespace(app.namespace()).resource(s).create();
    }

    private Deployment newDeployment(Slot slot, String image, int replicas, Map<String, String> env, int port, int revision) {
        Container c = new ContainerBuilder().withName(app.app()).withImage(image)
                .addNewPort().withName("http").withContainerPort(port).endPort()
                .withEnv(mergeEnv(List.of(), env)).build();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name(slot)).withNamespace(app.namespace()).withLabels(labels(slot)).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels(slot)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(slot)).addToAnnotations(REVISION_ANNOTATION, Integer.toString(revision)).endMetadata()
                .withNewSpec().withContainers(c).endSpec()
                .endTemplate().endSpec().build();
    }

    private Map<String, String> labels(Slot slot) {
        return Map.of(APP_LABEL, app.app(), SLOT_LABEL, slot.label());
    }

    /** The container named like the app, or the first one. */
    private static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        return cs.stream().filter(c -> c.getName().equals(d.getMetadata().getLabels() == null ? null
                : d.getMetadata().getLabels().get(APP_LABEL))).findFirst().orElse(cs.get(0));
    }

    static List<EnvVar> mergeEnv(List<EnvVar> current, Map<String, String> env) {
        List<EnvVar> out = new ArrayList<>();
        for (EnvVar e : current == null ? List.<EnvVar>of() : current) {
            if (!env.containsKey(e.getName())) {
                out.add(e);
            }
        }
        env.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(new EnvVar(e.getKey(), e.getValue(), null)));
        return out;
    }
}
