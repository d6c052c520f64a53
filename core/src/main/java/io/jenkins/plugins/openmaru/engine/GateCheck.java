package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds every measuring gate of a spec once, when the rollout starts, so a gate that can never
 * measure (e.g. a prometheus gate with no server) is bad input before the first cluster write, not
 * an ERROR at its first measurement.
 */
public final class GateCheck {
    private GateCheck() {}

    /** @throws ValidationException naming the gate's path, e.g. {@code gates[1].prometheus: no Prometheus server URL configured; …} */
    public static void buildAll(RolloutSpec spec, Function<GateSpec, HealthGate> gates) {
        for (Map.Entry<String, GateSpec> e : spec.strategySpec().gatesByField().entrySet()) {
            GateSpec gate = e.getValue();
            if (gate.gateKind() == GateKind.MANUAL) {
                continue;
            }
            try {
                gates.apply(gate);
            } catch (ValidationException v) {
                throw v.within(e.getKey());
            } catch (RuntimeException x) {
                throw new ValidationException(e.getKey() + "." + gate.kind(), "cannot be built: " + x.getMessage());
            }
        }
    }
}
