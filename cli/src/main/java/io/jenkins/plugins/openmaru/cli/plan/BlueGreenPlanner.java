package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import java.util.ArrayList;
import java.util.List;

/** Blue/green's timeline, as engine.BlueGreenStrategy walks it: preview at 0 %, gates, then the one-write switch. */
public final class BlueGreenPlanner {
    private BlueGreenPlanner() {}

    public static RolloutPlan plan(RolloutSpec spec, CurrentState now) {
        if (now.firstDeployment()) {
            return SlotSteps.initialDeployment(spec, now);
        }
        BlueGreenSpec bg = (BlueGreenSpec) spec.strategySpec();
        String candidate = now.candidateSlot().resourceName(spec.app());
        List<PlanStep> steps = new ArrayList<>();
        steps.add(SlotSteps.deployCandidate(spec, now, bg.previewRoute()
                ? " (preview: Route " + spec.app() + "-preview points at it when the router is an OpenShift Route)"
                : " (no preview Route: reach it through Service " + candidate + ")"));
        if (!bg.gates().isEmpty()) {
            steps.add(SlotSteps.analysis(bg.analysisStep(), candidate + " at 0 %", 0));
        }
        if (!bg.autoPromote()) {
            steps.add(PlanStep.person("ready", candidate + " ready at 0 %: wait for 'openmaru promote " + spec.app() + "' (or abort)", 0));
        } else if (bg.autoPromoteAfter() != null && !bg.autoPromoteAfter().isZero()) {
            steps.add(PlanStep.atMost("ready", candidate + " ready at 0 %: promoted automatically after autoPromoteAfter "
                    + Durations.format(bg.autoPromoteAfter()), 0, bg.autoPromoteAfter()));
        } else {
            steps.add(PlanStep.atOnce("ready", candidate + " ready at 0 %: promoted automatically at once (--auto-promote)", 0));
        }
        steps.addAll(SlotSteps.promote(spec, now));
        return new RolloutPlan(spec, now, steps, List.of(), SlotSteps.onFailure(spec, now, "before the switch leaves all traffic on"));
    }
}
