package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.StrategySpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a step's block measures: at the analysis steps that name a {@code pipeline} gate, or, when none does, at
 * every analysis step (a blue/green step's gates are its one analysis). A pipeline gate without a block, or
 * a block with no analysis to run in, is bad input named by its field, before anything is written to the cluster.
 */
final class BlockGates {
    private BlockGates() {}

    static StrategySpec apply(StrategySpec spec, boolean hasBlock) {
        List<String> named = spec.gatesByField().entrySet().stream()
                .filter(e -> e.getValue().gateKind() == GateKind.PIPELINE).map(Map.Entry::getKey).toList();
        if (!hasBlock) {
            if (!named.isEmpty()) {
                throw new ValidationException(named.get(0), "pipeline",
                        "a gate other than pipeline: a pipeline gate runs the step's block, e.g. openmaruCanary(...) { sh './load-test.sh' }");
            }
            return spec;
        }
        if (spec instanceof CanarySpec c) {
            return named.isEmpty() ? everyAnalysis(c) : oncePerStep(c);
        }
        if (spec instanceof BlueGreenSpec b) {
            if (named.size() > 1) {
                throw new ValidationException(named.get(1), "pipeline", "one pipeline gate per analysis: the block runs once per measurement");
            }
            return named.isEmpty() ? b.withGates(b.analysis(), plusBlock(b.gates())) : b;
        }
        throw new ValidationException("block", spec.strategy(), "a block only on openmaruCanary and openmaruBlueGreen");
    }

    private static CanarySpec everyAnalysis(CanarySpec c) {
        List<CanaryStep> steps = new ArrayList<>();
        boolean any = false;
        for (CanaryStep s : c.steps()) {
            if (s instanceof CanaryStep.Analysis a) {
                steps.add(CanaryStep.analysis(a.policy(), plusBlock(a.gates())));
                any = true;
            } else {
                steps.add(s);
            }
        }
        if (!any) {
            throw new ValidationException("steps", "no analysis step",
                    "an analysis step for the block to run in, e.g. [analysis: [gates: ['pipeline'], count: 1]]");
        }
        return new CanarySpec(steps, c.maxWeight());
    }

    private static CanarySpec oncePerStep(CanarySpec c) {
        for (int i = 0; i < c.steps().size(); i++) {
            if (c.steps().get(i) instanceof CanaryStep.Analysis a
                    && a.gates().stream().filter(g -> g.gateKind() == GateKind.PIPELINE).count() > 1) {
                throw new ValidationException("steps[" + i + "].analysis.gates", "pipeline", "one pipeline gate per analysis: the block runs once per measurement");
            }
        }
        return c;
    }

    private static List<GateSpec> plusBlock(List<GateSpec> gates) {
        List<GateSpec> out = new ArrayList<>(gates);
        out.add(new GateSpec(GateKind.PIPELINE.id(), Map.of()));
        return out;
    }
}
