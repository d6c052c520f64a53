package io.jenkins.plugins.openmaru.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The strategy-specific part of a {@link RolloutSpec}: {@link CanarySpec} here; blue/green and
 * rolling add their own implementations. Implementations are records validated in their constructor.
 */
public interface StrategySpec {
    Strategy strategy();

    /** Every gate of the spec, keyed by its field path as the user wrote it (e.g. {@code steps[2].analysis.gates[0]}), in order. */
    default Map<String, GateSpec> gatesByField() {
        return Map.of();
    }

    /** The gates (and their policy) that keep measuring the new stable during a bake; empty = nothing to measure. */
    default Optional<CanaryStep.Analysis> bakeAnalysis() {
        return Optional.empty();
    }

    /**
     * {@code step} for a bake: without its manual gates, which are approvals rather than measurements, and without its
     * pipeline gate, whose block runs at the analysis steps before promotion only; empty when none is left.
     */
    static Optional<CanaryStep.Analysis> measuredOnly(CanaryStep.Analysis step) {
        List<GateSpec> measured = step.measuredGates().stream().filter(g -> g.gateKind() != GateKind.PIPELINE).toList();
        return measured.isEmpty() ? Optional.empty() : Optional.of(new CanaryStep.Analysis(measured, step.policy()));
    }

    /** {@code gates} keyed {@code <prefix>[i]}. */
    static Map<String, GateSpec> byField(String prefix, List<GateSpec> gates) {
        Map<String, GateSpec> out = new LinkedHashMap<>();
        for (int i = 0; i < gates.size(); i++) {
            out.put(prefix + "[" + i + "]", gates.get(i));
        }
        return out;
    }
}
