package io.jenkins.plugins.openmaru.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A canary: ordered steps, and the highest weight any step may set. After the last step the
 * candidate is promoted (100 % and the active slot flips), whether or not a step set 100.
 */
public record CanarySpec(List<CanaryStep> steps, int maxWeight) implements StrategySpec {

    public CanarySpec {
        if (steps == null || steps.isEmpty()) {
            throw new ValidationException("steps", "[]", "at least one step, e.g. setWeight(10), pause(2m), setWeight(50)");
        }
        steps = List.copyOf(steps);
        if (maxWeight < 1 || maxWeight > 100) {
            throw new ValidationException("maxWeight", maxWeight, "an integer from 1 to 100");
        }
        validate(steps, maxWeight);
    }

    public CanarySpec(List<CanaryStep> steps) {
        this(steps, 100);
    }

    @Override
    public Strategy strategy() {
        return Strategy.CANARY;
    }

    /** The last analysis step: the gates that judged the candidate last keep judging it as the stable. */
    @Override
    public Optional<CanaryStep.Analysis> bakeAnalysis() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof CanaryStep.Analysis a) {
                Optional<CanaryStep.Analysis> measured = StrategySpec.measuredOnly(a);
                if (measured.isPresent()) {
                    return measured;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, GateSpec> gatesByField() {
        Map<String, GateSpec> out = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof CanaryStep.Analysis a) {
                out.putAll(StrategySpec.byField("steps[" + i + "].analysis.gates", a.gates()));
            }
        }
        return out;
    }

    private static void validate(List<CanaryStep> steps, int maxWeight) {
        int last = 0;
        for (int i = 0; i < steps.size(); i++) {
            String field = "steps[" + i + "]";
            CanaryStep step = steps.get(i);
            if (step == null) {
                throw new ValidationException(field, "null", "setWeight, pause or analysis");
            }
            if (step instanceof CanaryStep.SetWeight w) {
                if (last == 100) {
                    throw new ValidationException(field + ".weight", w.weight(),
                            "no setWeight after the weight reached 100 (the rollout is promoted after its last step)");
                }
                if (w.weight() < 1 || w.weight() > 100) {
                    throw new ValidationException(field + ".weight", w.weight(), "an integer from 1 to 100");
                }
                if (w.weight() > maxWeight) {
                    throw new ValidationException(field + ".weight", w.weight(), "at most maxWeight " + maxWeight);
                }
                if (w.weight() <= last) {
                    throw new ValidationException(field + ".weight", w.weight(),
                            "a weight greater than the previous step's " + last + " (weights must strictly increase)");
                }
                last = w.weight();
            } else if (step instanceof CanaryStep.Pause p) {
                if (p.duration() != null && p.duration().isNegative()) {
                    throw new ValidationException(field + ".pause", p.duration(), "a non-negative duration such as 30s, or none to wait for promote");
                }
            } else if (step instanceof CanaryStep.Analysis a && a.gates().isEmpty()) {
                throw new ValidationException(field + ".analysis.gates", "[]", "at least one gate");
            }
        }
    }
}
