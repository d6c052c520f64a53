package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.GateResult;

/**
 * A health check of the candidate (and, for comparisons, the stable release). One call is one
 * measurement; the analysis policy decides what a series of measurements means.
 */
public interface HealthGate {

    /** A short name for logs, the UI and the rollout's evidence, e.g. {@code http:/health}. */
    String name();

    /** Takes one measurement. Implementations never throw for an unhealthy target: they return FAIL or ERROR. */
    GateResult evaluate(GateContext context);
}
