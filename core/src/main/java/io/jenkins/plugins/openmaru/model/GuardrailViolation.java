package io.jenkins.plugins.openmaru.model;

/**
 * One guardrail rule a rollout would break, naming the object and the field, e.g.
 * {@code guardrail runAsNonRoot: Deployment shop-green spec.template.spec.containers[0].securityContext.runAsNonRoot must be true (enforce)}.
 *
 * @param rule the rule's name in docs/guardrails.md
 * @param object kind and name, e.g. {@code Deployment shop-green}
 * @param field the field path within the object
 * @param requirement what the field must be
 */
public record GuardrailViolation(String rule, String object, String field, String requirement, GuardrailMode mode) {

    public String message() {
        return "guardrail " + rule + ": " + object + " " + field + " " + requirement + " (" + mode.label() + ")";
    }

    @Override
    public String toString() {
        return message();
    }
}
