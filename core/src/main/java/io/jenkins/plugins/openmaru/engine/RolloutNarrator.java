package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the successive {@link Progress} values of one rollout into the lines a person watching it
 * reads: each step as it begins ({@code step 2/5: set weight 20%}), then every new event and gate
 * verdict once, in time order. Not thread-safe: feed it from one listener.
 */
public final class RolloutNarrator {

    private record Line(Instant at, String text) { }

    private final Function<Instant, String> time;
    private final Set<Object> seen = new HashSet<>();
    private int revision = -1;
    private int step = -1;

    /** @param time how each line shows when it happened, e.g. a wall clock or the seconds since a start */
    public RolloutNarrator(Function<Instant, String> time) {
        this.time = time;
    }

    public List<String> lines(Progress progress) {
        Rollout r = progress.state().rollout();
        if (r == null) {
            return List.of();
        }
        if (r.revision() != revision) {
            revision = r.revision();
            step = -1;
        }
        List<Line> out = new ArrayList<>();
        for (RolloutEvent e : r.events()) {
            if (seen.add(e)) {
                out.add(new Line(e.at(), pad(e.action()) + e.detail() + actor(e)));
            }
        }
        for (StepGateResult g : r.gateResults()) {
            if (seen.add(g)) {
                GateResult res = g.result();
                out.add(new Line(res.at(), pad("gate") + res.gate() + " " + res.verdict() + ": " + res.evidence()));
            }
        }
        if (r.stepIndex() != step && r.hasStable() && !r.isRollback() && !r.phase().terminal() && r.stepIndex() < r.stepCount()) {
            step = r.stepIndex();
            out.add(new Line(r.stepStartedAt(), stepHeader(r)));
        }
        out.sort(Comparator.comparing(Line::at));
        return out.stream().map(l -> time.apply(l.at()) + "  " + l.text()).toList();
    }

    /** {@code step 2/5: set weight 20%}, or empty when the rollout has no steps (first deployment, rollback). */
    public static String stepHeader(Rollout r) {
        if (!(r.spec() != null && r.spec().strategySpec() instanceof CanarySpec c) || r.stepIndex() >= c.steps().size()) {
            return "";
        }
        CanaryStep s = c.steps().get(r.stepIndex());
        return "step " + (r.stepIndex() + 1) + "/" + c.steps().size() + ": " + s.describe() + " (weight now " + r.weight() + "%)";
    }

    private static String pad(String action) {
        return String.format("%-10s", action);
    }

    /** Names who asked, unless the engine decided on its own. */
    private static String actor(RolloutEvent e) {
        return Actor.ENGINE.name().equals(e.actor()) ? "" : " [" + e.actor() + (e.comment().isEmpty() ? "" : ": " + e.comment()) + "]";
    }
}
