package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The steps canary and blue/green share: both put the candidate into the idle slot and promote by one routing write. */
final class SlotSteps {
    private SlotSteps() {}

    /** The first rollout of an app: slot blue, straight to 100 %, no steps and no gates (as the engine does). */
    static RolloutPlan initialDeployment(RolloutSpec spec, CurrentState now) {
        String slot = Slot.BLUE.resourceName(spec.app());
        return new RolloutPlan(spec, now, List.of(
                PlanStep.atMost("deploy", "initial deployment: " + spec.image() + " into slot " + slot + " (" + pods(spec, now)
                        + "), creating its Deployment and Service; wait until available", 0, spec.progressDeadline()),
                PlanStep.atOnce("promote", "Route " + spec.app() + " (created if absent) sends 100 % to " + slot
                        + "; steps and gates are skipped on a first deployment", 100)),
                List.of(spec.app() + " has no release yet: this is an initial deployment straight to 100 %"),
                "a missed progress deadline leaves the new slot for inspection; no traffic reaches it");
    }

    static PlanStep deployCandidate(RolloutSpec spec, CurrentState now, String reachable) {
        return PlanStep.atMost("deploy", "deploy " + spec.image() + " into the idle slot " + now.candidateSlot().resourceName(spec.app())
                + " (" + pods(spec, now) + ") at 0 %" + reachable + "; wait until available", 0, spec.progressDeadline());
    }

    static PlanStep analysis(CanaryStep.Analysis a, String on, int weight) {
        return PlanStep.atMost("analysis", "analysis " + names(a.gates()) + " on " + on + " " + AnalysisBound.describe(a.policy()),
                weight, AnalysisBound.worstCase(a.policy()));
    }

    /** The switch, the bake that may follow it, and the warm slot it leaves behind. */
    static List<PlanStep> promote(RolloutSpec spec, CurrentState now) {
        String candidate = now.candidateSlot().resourceName(spec.app());
        String stable = now.activeSlot().resourceName(spec.app());
        List<PlanStep> steps = new ArrayList<>();
        steps.add(PlanStep.atOnce("promote", "promote: one routing write sends 100 % to " + candidate + "; it becomes the active slot", 100));
        Duration warmAfter = spec.scaleDownDelay();
        if (spec.bake() != null) {
            CanaryStep.Analysis gates = spec.strategySpec().bakeAnalysis().orElseThrow();
            steps.add(PlanStep.atMost("bake", "bake " + Durations.format(spec.bake()) + ": " + names(gates.gates()) + " keep measuring " + candidate
                    + " every " + Durations.format(gates.policy().interval()) + "; a failure sends 100 % back to " + stable
                    + " in one routing write (ROLLED_BACK by bake) and the rollout fails", 100, spec.bake()));
            warmAfter = warmAfter.minus(spec.bake());
        }
        steps.add(new PlanStep("warm", stable + " (" + stableImage(now) + ") stays warm for scaleDownDelay " + Durations.format(spec.scaleDownDelay())
                + " from the promotion (a rollback inside it is one write), then is scaled to 0 and kept", 100, PlanStep.Bound.AFTERWARDS, warmAfter));
        return steps;
    }

    /** @param traffic what happens to the traffic, e.g. "sends 100 % back to" */
    static String onFailure(RolloutSpec spec, CurrentState now, String traffic) {
        return "a missed progress deadline, a failed analysis or an abort " + traffic + " " + now.activeSlot().resourceName(spec.app())
                + "; the candidate stays up for inspection for " + Durations.format(spec.abortScaleDownDelay()) + ", then is scaled to 0";
    }

    static String stableImage(CurrentState now) {
        return now.stable().map(Release::image).orElse("the stable release");
    }

    private static String pods(RolloutSpec spec, CurrentState now) {
        if (spec.replicas() != null) {
            return spec.replicas() + " pod(s)";
        }
        if (now.replicas() != null && now.replicas() > 0) {
            return now.replicas() + " pod(s), as many as stable";
        }
        return now.known() ? "1 pod" : "as many pods as stable";
    }

    static String names(List<GateSpec> gates) {
        return gates.stream().map(GateSpec::displayName).toList().toString();
    }
}
