package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import java.util.ArrayList;
import java.util.List;

/** Chooses the planner for the spec's strategy and adds what a rollout already in progress means. */
public final class Plans {
    private Plans() {}

    public static RolloutPlan of(RolloutSpec spec, CurrentState now) {
        RolloutPlan plan = switch (spec.strategy()) {
            case CANARY -> CanaryPlanner.plan(spec, now);
            case BLUE_GREEN -> BlueGreenPlanner.plan(spec, now);
            case ROLLING -> RollingPlanner.plan(spec, now);
        };
        List<String> notes = new ArrayList<>(plan.notes());
        if (!now.known()) {
            notes.add("if " + spec.app() + " has no release yet, the rollout is an initial deployment straight to 100 % instead");
        } else if (now.state().inProgress()) {
            Rollout r = now.state().rollout();
            boolean same = !r.isRollback() && r.image().equals(spec.image()) && r.strategy() == spec.strategy();
            notes.add(same ? "this rollout is already in progress (" + r.phase() + "): the same command continues it where it is instead of starting over"
                    : "a " + PlanView.inProgress(r) + " is in progress (" + r.phase()
                            + "): this rollout would be refused (exit 3) until it is promoted or aborted");
        }
        if (now.driver() != null) {
            notes.add(now.driver() + " holds the app's lease: a rollout started now is refused (exit 3) until that lease ends or expires");
        }
        return new RolloutPlan(plan.spec(), now, plan.steps(), notes, plan.onFailure());
    }
}
