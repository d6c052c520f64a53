package io.jenkins.plugins.openmaru.engine.guardrail;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.GuardrailMode;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.GuardrailRefusedException;
import io.jenkins.plugins.openmaru.model.GuardrailViolation;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.List;
import java.util.function.Consumer;

/**
 * The guardrail check before a rollout's first write: the pod template the rollout would deploy (the target
 * Deployment as the cluster holds it, with the candidate image) against the effective policy. GETs only.
 */
public final class Preflight {
    /** The cluster's own registry, where ImageStreamTags are pulled from. */
    static final String INTEGRATED_REGISTRY = "image-registry.openshift-image-registry.svc:5000";

    private Preflight() {}

    /** {@code configured} (Jenkins cluster or CLI options), each unset value taken from the namespace's ConfigMap. */
    public static GuardrailPolicy effective(KubernetesClient client, GuardrailPolicy configured, String namespace) {
        return configured.orElse(NamespacePolicy.read(client, namespace));
    }

    /**
     * The rules the rollout of {@code spec} into {@code candidate} (ignored for rolling) would break.
     * A refusal is passed to {@code audit} (the only write it makes) before it is thrown.
     *
     * @throws GuardrailRefusedException when the policy enforces and a rule is broken
     */
    public static List<GuardrailViolation> rollout(KubernetesClient client, GuardrailPolicy configured, RolloutSpec spec, Slot candidate,
            Consumer<String> audit) {
        List<GuardrailViolation> found = evaluate(client, configured, spec, candidate);
        try {
            refuseEnforced(found);
        } catch (GuardrailRefusedException e) {
            audit.accept(e.getMessage());
            throw e;
        }
        return found;
    }

    /** As {@link #rollout} without refusing: what {@code openmaru plan} lists. */
    public static List<GuardrailViolation> evaluate(KubernetesClient client, GuardrailPolicy configured, RolloutSpec spec, Slot candidate) {
        AppRef app = spec.target();
        GuardrailPolicy policy = effective(client, configured, app.namespace());
        if (policy.effectiveMode() == GuardrailMode.OFF) {
            return List.of();
        }
        String name = spec.strategy() == Strategy.ROLLING ? app.app() : candidate.resourceName(app.app());
        Deployment existing = client.apps().deployments().inNamespace(app.namespace()).withName(name).get();
        return PodTemplateRules.check(policy, "Deployment " + name, planned(existing, app, spec.image()));
    }

    /**
     * The rules the Deployments among {@code objects} (a processed template about to be applied) break, as written.
     *
     * @throws GuardrailRefusedException when the policy enforces and a rule is broken
     */
    public static List<GuardrailViolation> objects(KubernetesClient client, GuardrailPolicy configured, String namespace,
            List<? extends HasMetadata> objects) {
        GuardrailPolicy policy = effective(client, configured, namespace);
        List<GuardrailViolation> found = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .flatMap(d -> PodTemplateRules.check(policy, "Deployment " + d.getMetadata().getName(), d.getSpec().getTemplate()).stream())
                .toList();
        refuseEnforced(found);
        return found;
    }

    /**
     * The image rules a build of {@code spec} breaks, before its first write: in image mode the imported image
     * (allowedRegistries and imageDigest), in source and binary mode the S2I builder image (allowedRegistries), read
     * as the integrated registry's pull spec of its ImageStreamTag, which is where the build pod pulls it from.
     *
     * @throws GuardrailRefusedException when the policy enforces and a rule is broken
     */
    public static List<GuardrailViolation> build(KubernetesClient client, GuardrailPolicy configured, BuildSpec spec) {
        GuardrailPolicy policy = effective(client, configured, spec.namespace());
        List<GuardrailViolation> found = spec.mode() == BuildMode.IMAGE
                ? ImageRules.check(policy, "ImageStreamImport " + spec.app(), "spec.images[0].from.name", spec.image(), true)
                : ImageRules.check(policy, "BuildConfig " + spec.app(), "spec.strategy.sourceStrategy.from",
                        INTEGRATED_REGISTRY + "/" + spec.builderNamespace() + "/" + spec.builderImage(), false);
        refuseEnforced(found);
        return found;
    }

    /** Throws when any of {@code found} is enforced. */
    public static void refuseEnforced(List<GuardrailViolation> found) {
        if (found.stream().anyMatch(v -> v.mode() == GuardrailMode.ENFORCE)) {
            throw new GuardrailRefusedException(found);
        }
    }

    /** The existing template with the candidate image, or, for a Deployment the engine will create, its bare one container. */
    private static PodTemplateSpec planned(Deployment existing, AppRef app, String image) {
        if (existing == null) {
            return new PodTemplateSpecBuilder().withNewSpec()
                    .withContainers(new ContainerBuilder().withName(app.app()).withImage(image).build()).endSpec().build();
        }
        Deployment copy = new DeploymentBuilder(existing).build();
        SlotWorkloads.container(copy).setImage(image);
        return copy.getSpec().getTemplate();
    }
}
