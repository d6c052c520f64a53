package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import java.util.ArrayList;
import java.util.List;

/** The canary's timeline, as engine.CanaryStrategy walks it: deploy at 0 %, each step in order, promote. */
public final class CanaryPlanner {
    private CanaryPlanner() {}

    public static RolloutPlan plan(RolloutSpec spec, CurrentState now) {
        if (now.firstDeployment()) {
            return SlotSteps.initialDeployment(spec, now);
        }
        List<CanaryStep> canary = ((CanarySpec) spec.strategySpec()).steps();
        String candidate = now.candidateSlot().resourceName(spec.app());
        List<PlanStep> steps = new ArrayList<>();
        steps.add(SlotSteps.deployCandidate(spec, now, ""));
        int weight = 0;
        for (int i = 0; i < canary.size(); i++) {
            CanaryStep s = canary.get(i);
            boolean last = i == canary.size() - 1;
            if (s instanceof CanaryStep.SetWeight w && w.weight() == 100 && last) {
                break; // the promotion's own write, as in the engine
            }
            if (s instanceof CanaryStep.SetWeight w) {
                weight = w.weight();
                steps.add(PlanStep.atOnce("setWeight", "one routing write: " + weight + " % to " + candidate, weight));
            } else if (s instanceof CanaryStep.Pause p && p.indefinite()) {
                steps.add(PlanStep.person("pause", "pause at " + weight + " % until someone promotes (or aborts)", weight));
            } else if (s instanceof CanaryStep.Pause p) {
                steps.add(PlanStep.atMost("pause", s.describe() + " at " + weight + " %", weight, p.duration()));
            } else if (s instanceof CanaryStep.Analysis a) {
                steps.add(SlotSteps.analysis(a, candidate + " at " + weight + " %", weight));
            }
        }
        steps.addAll(SlotSteps.promote(spec, now));
        return new RolloutPlan(spec, now, steps, List.of(), SlotSteps.onFailure(spec, now, "sends 100 % back, in one routing write, to"));
    }
}
