package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.engine.guardrail.Preflight;
import io.jenkins.plugins.openmaru.model.GuardrailViolation;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For {@code openmaru plan}: the guardrails the rollout would break, as the rollout's pre-flight check finds them (GETs only). */
final class GuardrailListing {
    private final List<GuardrailViolation> broken;
    private final String unchecked;

    private GuardrailListing(List<GuardrailViolation> broken, String unchecked) {
        this.broken = broken;
        this.unchecked = unchecked;
    }

    /** What the rollout of {@code spec} would break; unchecked when the cluster cannot be read. */
    static GuardrailListing of(ClusterSession session, RolloutSpec spec) {
        if (session == null) {
            return new GuardrailListing(List.of(), "the cluster cannot be read");
        }
        try {
            Slot active = session.engine().status(spec.target()).activeSlot();
            return new GuardrailListing(Preflight.evaluate(session.client(), ClusterSession.guardrails(session.options()), spec,
                    active == null ? Slot.BLUE : active.other()), null);
        } catch (KubernetesClientException e) {
            return new GuardrailListing(List.of(), ExitCodes.message(e));
        }
    }

    /** The plan document with {@code "guardrails": [{"rule","object","field","requirement","mode","message"}]} and, if unchecked, why. */
    Map<String, Object> addTo(Map<String, Object> document) {
        Map<String, Object> out = new LinkedHashMap<>(document);
        out.put("guardrails", broken.stream().map(v -> Map.of("rule", v.rule(), "object", v.object(), "field", v.field(),
                "requirement", v.requirement(), "mode", v.mode().label(), "message", v.message())).toList());
        if (unchecked != null) {
            out.put("guardrailsUnchecked", unchecked);
        }
        return out;
    }

    void printText(PrintWriter out) {
        if (unchecked != null) {
            out.printf("Guardrails: not checked (%s)%n", unchecked);
        } else if (broken.isEmpty()) {
            out.printf("Guardrails: none broken%n");
        } else {
            out.printf("Guardrails: %d broken%n", broken.size());
            broken.forEach(v -> out.printf("  %s%n", v.message()));
        }
        out.flush();
    }
}
