package io.jenkins.plugins.openmaru.model;

import java.util.List;
import java.util.stream.Collectors;

/** Enforced guardrails a rollout or apply breaks, found before its first write: bad input (CLI exit 2, step failure). */
public final class GuardrailRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<GuardrailViolation> violations;

    public GuardrailRefusedException(List<GuardrailViolation> violations) {
        super(violations.stream().map(GuardrailViolation::message).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<GuardrailViolation> violations() {
        return violations;
    }
}
