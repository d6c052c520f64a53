package io.jenkins.plugins.openmaru.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** {@code gates} keyed {@code <prefix>[i]}. */
    static Map<String, GateSpec> byField(String prefix, List<GateSpec> gates) {
        Map<String, GateSpec> out = new LinkedHashMap<>();
        for (int i = 0; i < gates.size(); i++) {
            out.put(prefix + "[" + i + "]", gates.get(i));
        }
        return out;
    }
}
