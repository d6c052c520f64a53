package io.jenkins.plugins.openmaru.model;

import java.util.Objects;

/** A gate measurement taken during step {@code step} of a rollout. */
public record StepGateResult(int step, GateResult result) {
    public StepGateResult {
        Objects.requireNonNull(result, "result");
    }
}
