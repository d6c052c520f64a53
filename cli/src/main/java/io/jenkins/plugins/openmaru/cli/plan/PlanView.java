package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.Strategy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code openmaru plan} prints: the JSON document of docs/cli.md, and the same facts as text. */
public final class PlanView {
    private PlanView() {}

    /** {@code {"app","namespace","strategy","image","current",...,"steps":[...],"worstCaseMs","worstCase",...,"writes":0}}. */
    public static Map<String, Object> document(RolloutPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", plan.spec().app());
        out.put("namespace", plan.spec().namespace());
        out.put("strategy", strategy(plan));
        out.put("image", plan.spec().image());
        out.put("current", current(plan.current()));
        out.put("initialDeployment", plan.current().firstDeployment());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            PlanStep s = plan.steps().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", i + 1);
            m.put("action", s.action());
            m.put("what", s.what());
            m.put("weight", s.weight());
            m.put("bound", s.bound().name());
            m.put("atMostMs", s.bound() == PlanStep.Bound.PERSON ? null : s.atMost().toMillis());
            m.put("boundText", s.boundText());
            steps.add(m);
        }
        out.put("steps", steps);
        out.put("worstCaseMs", plan.worstCase().toMillis());
        out.put("worstCase", worstCase(plan));
        out.put("waitsForPerson", plan.waitsForPerson());
        out.put("onFailure", plan.onFailure());
        out.put("notes", plan.notes());
        out.put("writes", 0);
        return out;
    }

    public static void printText(PrintWriter out, RolloutPlan plan) {
        out.printf("Plan: %s of %s to %s/%s; nothing is written.%n", strategy(plan), plan.spec().image(), plan.spec().namespace(), plan.spec().app());
        out.printf("Now:  %s%n", describe(plan.current()));
        plan.notes().forEach(n -> out.printf("Note: %s%n", n));
        for (int i = 0; i < plan.steps().size(); i++) {
            PlanStep s = plan.steps().get(i);
            out.printf("  %2d. %-10s weight %3d%%  %-22s %s%n", i + 1, s.action(), s.weight(), s.boundText(), s.what());
        }
        out.printf("On failure: %s%n", plan.onFailure());
        out.printf("Worst case: %s%n", worstCase(plan));
        out.flush();
    }

    private static String worstCase(RolloutPlan plan) {
        return Durations.format(plan.worstCase()) + (plan.waitsForPerson() ? " plus the time until someone acts" : "");
    }

    private static String strategy(RolloutPlan plan) {
        return plan.spec().strategy().label();
    }

    private static Map<String, Object> current(CurrentState now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("known", now.known());
        m.put("unknownReason", now.unknownReason());
        Release stable = now.stable().orElse(null);
        m.put("stable", stable == null ? null : stable(stable));
        Rollout r = now.known() && now.state().inProgress() ? now.state().rollout() : null;
        m.put("rolloutInProgress", r == null ? null : Map.of("image", r.image(), "phase", r.phase().name(),
                "strategy", r.isRollback() ? "rollback" : r.strategy().label()));
        m.put("replicas", now.replicas());
        m.put("driver", now.driver());
        return m;
    }

    /** A rolling release runs in Deployment {@code <app>}, not in a slot, so it has no {@code slot} key. */
    private static Map<String, Object> stable(Release r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", r.image());
        if (r.slot() != null) {
            m.put("slot", r.slot().label());
        }
        m.put("revision", r.revision());
        return m;
    }

    private static String describe(CurrentState now) {
        if (!now.known()) {
            return "unknown (" + now.unknownReason() + "); planned as if the app already has a stable release";
        }
        String stable = now.stable().map(r -> "stable " + r.image() + (r.slot() == null ? "" : " in slot " + r.slot().label())
                + ", revision " + r.revision())
                .orElse("no release yet");
        Rollout r = now.state().inProgress() ? now.state().rollout() : null;
        return stable + (r == null ? "" : "; a " + inProgress(r) + " is in progress (" + r.phase() + ")")
                + (now.driver() == null ? "" : "; driven by " + now.driver());
    }

    /** The rollout in progress, in words: {@code canary of IMAGE}, or {@code rollback to revision N (IMAGE)}. */
    static String inProgress(Rollout r) {
        return r.isRollback() ? "rollback to revision " + r.rollbackTo() + " (" + r.image() + ")" : r.strategy().label() + " of " + r.image();
    }
}
