package io.jenkins.plugins.openmaru.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.jenkins.plugins.openmaru.model.AppRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one Deployment {@code <app>} (and Service {@code <app>}) of a rolling app, updated in place by
 * Kubernetes' rolling update. Before each change the current pod template is saved in the annotation
 * {@code delivery.openmaru.io/previous-template} (with its revision), so {@link #undo()} restores it
 * the way {@code kubectl rollout undo} restores the previous ReplicaSet's template. Every write is an
 * update carrying the resourceVersion just read.
 */
public final class RollingWorkload {
    public static final String PREVIOUS_TEMPLATE = "delivery.openmaru.io/previous-template";
    public static final String PREVIOUS_REVISION = "delivery.openmaru.io/previous-revision";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final AppRef app;

    public RollingWorkload(KubernetesClient client, AppRef app) {
        this.client = client;
        this.app = app;
    }

    private Resource<Deployment> resource() {
        return client.apps().deployments().inNamespace(app.namespace()).withName(app.app());
    }

    public Deployment get() {
        return resource().get();
    }

    /** The revision a Deployment's pod template was written for (0 when unknown). */
    public static int revisionOf(Deployment d) {
        if (d == null || d.getSpec().getTemplate().getMetadata() == null || d.getSpec().getTemplate().getMetadata().getAnnotations() == null) {
            return 0;
        }
        String r = d.getSpec().getTemplate().getMetadata().getAnnotations().get(SlotWorkloads.REVISION_ANNOTATION);
        return r == null ? 0 : Integer.parseInt(r);
    }

    /** The revision {@link #undo()} would restore (0 when there is none). */
    public static int previousRevisionOf(Deployment d) {
        String r = d == null || d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(PREVIOUS_REVISION);
        return r == null ? 0 : Integer.parseInt(r);
    }

    /** Rolling-update settings the next {@link #apply} writes. */
    public record Settings(String maxSurge, String maxUnavailable, Duration progressDeadline, int port) {}

    /**
     * Writes {@code image} (env, replicas) as {@code revision}, creating the Deployment and Service if absent.
     * Repeating it for the revision already written changes nothing, so a retried start keeps the saved template.
     */
    public Deployment apply(String image, int replicas, Map<String, String> env, int revision, Settings settings) {
        ensureService(settings.port());
        Deployment d = get();
        if (d == null) {
            try {
                return client.apps().deployments().inNamespace(app.namespace()).resource(newDeployment(image, replicas, env, revision, settings)).create();
            } catch (KubernetesClientException e) {
                // Already there: our own create whose answer was lost when it holds this revision; else the edit below decides.
                d = e.getCode() == 409 ? get() : null;
                if (d == null) {
                    throw e;
                }
            }
        }
        if (revisionOf(d) == revision) {
            return d;
        }
        return edit(x -> {
            saveCurrentTemplate(x);
            Container c = container(x);
            c.setImage(image);
            EngineEnv.set(x.getSpec().getTemplate(), c, env);
            x.getSpec().setReplicas(replicas);
            x.getSpec().setPaused(false);
            strategy(x, settings);
            stampRevision(x.getSpec().getTemplate(), revision);
        });
    }

    /**
     * Puts back the saved pod template, as {@code revision}, and saves the current one in its place, so
     * undoing twice returns to where it started.
     */
    public void undo(int revision) {
        edit(d -> {
            String saved = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(PREVIOUS_TEMPLATE);
            if (saved == null) {
                throw new IllegalStateException("Deployment " + app + " has no previous pod template to restore");
            }
            PodTemplateSpec previous = fromJson(saved);
            saveCurrentTemplate(d);
            d.getSpec().setTemplate(previous);
            d.getSpec().setPaused(false);
            stampRevision(previous, revision);
        });
    }

    /** Writes an earlier release's image and engine-set env as a new revision (for a rollback past the saved template). */
    public void restore(String image, Map<String, String> env, int revision) {
        edit(d -> {
            saveCurrentTemplate(d);
            container(d).setImage(image);
            EngineEnv.set(d.getSpec().getTemplate(), container(d), env);
            d.getSpec().setPaused(false);
            stampRevision(d.getSpec().getTemplate(), revision);
        });
    }

    /** Sets {@code spec.paused}: a paused Deployment's controller stops replacing pods. */
    public void setPaused(boolean paused) {
        Deployment d = get();
        if (d != null && Boolean.TRUE.equals(d.getSpec().getPaused()) != paused) {
            edit(x -> x.getSpec().setPaused(paused));
        }
    }

    /**
     * Why the update cannot succeed, if the cluster already says so: the Deployment's Progressing
     * condition reports ProgressDeadlineExceeded, or a pod of it is in CrashLoopBackOff.
     */
    public Optional<String> failure(Deployment d) {
        if (d.getStatus() != null && d.getStatus().getConditions() != null) {
            for (DeploymentCondition c : d.getStatus().getConditions()) {
                if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
                    return Optional.of("Deployment " + app.app() + ": ProgressDeadlineExceeded" + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
                }
            }
        }
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        for (Pod p : client.pods().inNamespace(app.namespace()).withLabels(selector).list().getItems()) {
            List<ContainerStatus> statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? List.of()
                    : p.getStatus().getContainerStatuses();
            for (ContainerStatus s : statuses) {
                ContainerStateWaiting w = s.getState() == null ? null : s.getState().getWaiting();
                if (w != null && "CrashLoopBackOff".equals(w.getReason()) && image(d).equals(s.getImage())) {
                    return Optional.of("pod " + p.getMetadata().getName() + " is in CrashLoopBackOff (" + s.getRestartCount() + " restarts)");
                }
            }
        }
        return Optional.empty();
    }

    public static String image(Deployment d) {
        return container(d).getImage();
    }

    /** The env the engine set on the app container ({@link EngineEnv}). */
    public static Map<String, String> env(Deployment d) {
        return EngineEnv.of(d.getSpec().getTemplate(), container(d));
    }

    /**
     * Reads, changes and updates with the resourceVersion read; the Deployment controller writes status
     * concurrently, so a conflict is read again and retried.
     */
    private Deployment edit(Consumer<Deployment> change) {
        for (int attempt = 1; ; attempt++) {
            Deployment d = get();
            change.accept(d);
            try {
                return client.apps().deployments().inNamespace(app.namespace()).resource(d).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private void saveCurrentTemplate(Deployment d) {
        Map<String, String> a = d.getMetadata().getAnnotations() == null ? new HashMap<>() : new HashMap<>(d.getMetadata().getAnnotations());
        a.put(PREVIOUS_TEMPLATE, toJson(d.getSpec().getTemplate()));
        a.put(PREVIOUS_REVISION, Integer.toString(revisionOf(d)));
        d.getMetadata().setAnnotations(a);
    }

    private static void stampRevision(PodTemplateSpec t, int revision) {
        Map<String, String> a = t.getMetadata().getAnnotations() == null ? new HashMap<>() : new HashMap<>(t.getMetadata().getAnnotations());
        a.put(SlotWorkloads.REVISION_ANNOTATION, Integer.toString(revision));
        t.getMetadata().setAnnotations(a);
    }

    private static void strategy(Deployment d, Settings s) {
        d.getSpec().setProgressDeadlineSeconds((int) s.progressDeadline().toSeconds());
        if (d.getSpec().getStrategy() == null) {
            d.getSpec().setStrategy(new DeploymentStrategy());
        }
        d.getSpec().getStrategy().setType("RollingUpdate");
        d.getSpec().getStrategy().setRollingUpdate(new RollingUpdateDeploymentBuilder()
                .withMaxSurge(amount(s.maxSurge())).withMaxUnavailable(amount(s.maxUnavailable())).build());
    }

    private static IntOrString amount(String a) {
        return a.endsWith("%") ? new IntOrString(a) : new IntOrString(Integer.parseInt(a));
    }

    private Map<String, String> labels() {
        return Map.of(SlotWorkloads.APP_LABEL, app.app());
    }

    private void ensureService(int port) {
        if (client.services().inNamespace(app.namespace()).withName(app.app()).get() != null) {
            return;
        }
        Service s = new ServiceBuilder()
                .withNewMetadata().withName(app.app()).withNamespace(app.namespace()).withLabels(labels()).endMetadata()
                .withNewSpec().withSelector(labels())
                .addNewPort().withName("http").withPort(port).withTargetPort(new IntOrString(port)).endPort()
                .endSpec().build();
        client.services().inNamespace(app.namespace()).resource(s).create();
    }

    private Deployment newDeployment(String image, int replicas, Map<String, String> env, int revision, Settings settings) {
        Container c = new ContainerBuilder().withName(app.app()).withImage(image)
                .addNewPort().withName("http").withContainerPort(settings.port()).endPort().build();
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(app.app()).withNamespace(app.namespace()).withLabels(labels()).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(labels()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels()).addToAnnotations(SlotWorkloads.REVISION_ANNOTATION, Integer.toString(revision)).endMetadata()
                .withNewSpec().withContainers(c).endSpec()
                .endTemplate().endSpec().build();
        strategy(d, settings);
        EngineEnv.set(d.getSpec().getTemplate(), container(d), env);
        return d;
    }

    /** The container named like the app, or the first one. */
    private static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        String name = d.getMetadata().getName();
        return cs.stream().filter(c -> c.getName().equals(name)).findFirst().orElse(cs.get(0));
    }

    private static String toJson(PodTemplateSpec t) {
        try {
            return JSON.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the pod template", e);
        }
    }

    private static PodTemplateSpec fromJson(String s) {
        try {
            return JSON.readValue(s, PodTemplateSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("annotation " + PREVIOUS_TEMPLATE + " is not a pod template", e);
        }
    }
}
