package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The rolling update's timeline, as engine.RollingStrategy walks it: one pod-template write, the
 * controller's waves within the progress deadline, then the gates on Service {@code <app>}; any
 * failure writes the previous template back.
 */
public final class RollingPlanner {
    private RollingPlanner() {}

    public static RolloutPlan plan(RolloutSpec spec, CurrentState now) {
        RollingSpec rolling = (RollingSpec) spec.strategySpec();
        boolean first = now.firstDeployment() || (now.known() && now.replicas() == null);
        int current = now.replicas() == null ? 0 : now.replicas();
        int replicas = spec.replicas() != null ? spec.replicas() : Math.max(1, current);
        String source = spec.replicas() != null ? "--replicas" : now.replicas() != null ? "as Deployment " + spec.app() + " has now"
                : now.known() ? "the first time" : "assumed: the current count is unknown, pass --replicas";
        int[] budget = RollingWaves.resolve(rolling.maxSurge(), rolling.maxUnavailable(), replicas);
        List<RollingWaves.Wave> waves = RollingWaves.of(first ? 0 : (now.known() ? current : replicas), replicas, budget[0], budget[1]);
        String stableImage = now.stable().map(Release::image).orElse(first ? null : "the current image");

        List<PlanStep> steps = new ArrayList<>();
        steps.add(PlanStep.atMost("update", (first ? "create Deployment " + spec.app() + " with " + spec.image()
                        : "write " + spec.image() + " into Deployment " + spec.app() + "'s pod template (the previous one, " + stableImage
                        + ", is saved for undo)")
                + ": " + replicas + " pod(s) (" + source + "), maxSurge " + rolling.maxSurge() + " = " + budget[0] + " pod(s), maxUnavailable "
                + rolling.maxUnavailable() + " = " + budget[1] + " pod(s); every pod must run it and be available within progressDeadline "
                + Durations.format(spec.progressDeadline()), 0, spec.progressDeadline()));
        for (int i = 0; i < waves.size(); i++) {
            RollingWaves.Wave w = waves.get(i);
            steps.add(new PlanStep("wave", "wave " + (i + 1) + "/" + waves.size() + ": start " + w.started() + " new pod(s), stop " + w.stopped()
                    + " old pod(s); then " + w.newPods() + " new and " + w.oldPods() + " old", w.weight(), PlanStep.Bound.WITHIN_DEADLINE, null));
        }
        if (!rolling.gates().isEmpty()) {
            steps.add(SlotSteps.analysis(rolling.analysisStep(), "Service " + spec.app() + " (every pod runs the candidate)", 100));
        }
        steps.add(PlanStep.atOnce("done", first ? "deployed: the release is recorded" : "promoted: the release is recorded; nothing stays warm, "
                + "a later rollback writes the previous template back (another rolling update)", 100));
        List<String> notes = now.firstDeployment() ? List.of(spec.app() + " has no release yet: this is an initial deployment; the gates still measure it")
                : List.of();
        String onFailure = first ? "a missed progress deadline, crash-looping pods, a failed analysis or an abort leave the new Deployment for inspection: "
                + "there is no previous pod template to restore"
                : "a missed progress deadline, crash-looping pods, a failed analysis or an abort write the previous pod template back "
                        + "(rollout undo, one write) and the Deployment rolls back to " + stableImage + "; history records ABORTED plus ROLLED_BACK";
        return new RolloutPlan(spec, now, steps, notes, onFailure);
    }
}
