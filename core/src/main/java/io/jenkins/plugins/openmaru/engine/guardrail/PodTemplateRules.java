package io.jenkins.plugins.openmaru.engine.guardrail;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.jenkins.plugins.openmaru.model.GuardrailMode;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.GuardrailViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The guardrail rules of docs/guardrails.md, checked on one pod template; no I/O. */
public final class PodTemplateRules {
    private static final String SPEC = "spec.template.spec";

    private final GuardrailPolicy policy;
    private final GuardrailMode mode;
    private final String object;
    private final List<GuardrailViolation> found = new ArrayList<>();

    private PodTemplateRules(GuardrailPolicy policy, String object) {
        this.policy = policy;
        this.mode = policy.effectiveMode();
        this.object = object;
    }

    /** Every rule {@code template} breaks under {@code policy}; none when the policy is off. */
    public static List<GuardrailViolation> check(GuardrailPolicy policy, String object, PodTemplateSpec template) {
        PodTemplateRules rules = new PodTemplateRules(policy, object);
        if (rules.mode != GuardrailMode.OFF) {
            rules.pod(template.getSpec() == null ? new PodSpec() : template.getSpec());
        }
        return List.copyOf(rules.found);
    }

    private void pod(PodSpec pod) {
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            refuse("hostNetwork", SPEC + ".hostNetwork", "must not be true");
        }
        List<Volume> volumes = pod.getVolumes() == null ? List.of() : pod.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i).getHostPath() != null) {
                refuse("hostPath", SPEC + ".volumes[" + i + "].hostPath", "must not be set");
            }
        }
        List<Container> containers = pod.getContainers() == null ? List.of() : pod.getContainers();
        for (int i = 0; i < containers.size(); i++) {
            container(pod.getSecurityContext(), containers.get(i), SPEC + ".containers[" + i + "]");
        }
    }

    private void container(PodSecurityContext podContext, Container c, String at) {
        image(c.getImage(), at + ".image");
        SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        boolean podNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        if (!(Boolean.TRUE.equals(sc.getRunAsNonRoot()) || sc.getRunAsNonRoot() == null && podNonRoot)) {
            refuse("runAsNonRoot", at + ".securityContext.runAsNonRoot", "must be true");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            refuse("privileged", at + ".securityContext.privileged", "must not be true");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            refuse("allowPrivilegeEscalation", at + ".securityContext.allowPrivilegeEscalation", "must be false");
        }
        List<String> drop = sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null ? List.of() : sc.getCapabilities().getDrop();
        if (!drop.contains("ALL")) {
            refuse("dropCapabilities", at + ".securityContext.capabilities.drop", "must contain ALL");
        }
        Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (limits.get(resource) == null) {
                refuse("resourceLimits", at + ".resources.limits." + resource, "must be set");
            }
        }
        if (c.getReadinessProbe() == null) {
            refuse("readinessProbe", at + ".readinessProbe", "must be set");
        }
        if (c.getLivenessProbe() == null) {
            refuse("livenessProbe", at + ".livenessProbe", "must be set");
        }
    }

    private void image(String image, String at) {
        found.addAll(ImageRules.check(policy, object, at, image, true));
    }

    private void refuse(String rule, String field, String requirement) {
        found.add(new GuardrailViolation(rule, object, field, requirement, mode));
    }
}
