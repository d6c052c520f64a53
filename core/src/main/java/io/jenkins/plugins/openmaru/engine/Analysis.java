package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.gate.AnalysisJudge;
import io.jenkins.plugins.openmaru.gate.DeferredGate;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An analysis step: one measurement round per interval (every gate once), judged by
 * {@link AnalysisJudge}. A FAILED decision aborts in the same operation, so the routing write
 * follows the measurement directly; results are persisted with the abort, not before it.
 */
public final class Analysis {
    private Analysis() {}

    /** Empty when the analysis succeeded and the rollout may go on; otherwise what to wait for. */
    public static Optional<Wait> run(RolloutContext ctx, CanaryStep.Analysis step) {
        return run(ctx, step, Analysis::slotTargets, (c, why) -> Abort.abort(c, Actor.ENGINE, why));
    }

    /**
     * The same analysis for a strategy without slots: {@code targets} says what the gates measure and
     * {@code fail} what a FAILED (or inconclusive-abort) decision does instead of the slot abort.
     */
    public static Optional<Wait> run(RolloutContext ctx, CanaryStep.Analysis step, Function<RolloutContext, GateContext> targets,
                                     BiFunction<RolloutContext, String, Wait> fail) {
        AnalysisPolicy policy = step.policy();
        List<GateSpec> measured = measured(step);
        int gates = measured.size();
        while (true) {
            Rollout r = ctx.rollout();
            List<GateResult> results = r.currentStepResults();
            AnalysisJudge.Judgement judgement = AnalysisJudge.judge(policy, results, gates);
            switch (judgement.decision()) {
                case SUCCEEDED -> {
                    Optional<GateSpec> manual = ManualApproval.of(step);
                    if (manual.isPresent()) {
                        return Optional.of(ManualApproval.await(ctx, manual.get()));
                    }
                    ctx.event(Actor.ENGINE, "analysis", "succeeded: " + judgement.reason());
                    return Optional.empty();
                }
                case FAILED -> {
                    return Optional.of(fail.apply(ctx, "analysis failed: " + judgement.reason() + "; last: " + last(results)));
                }
                case INCONCLUSIVE -> {
                    if (policy.onInconclusive() == AnalysisPolicy.OnInconclusive.ABORT) {
                        return Optional.of(fail.apply(ctx, "analysis inconclusive: " + judgement.reason()));
                    }
                    Instant now = ctx.now();
                    ctx.update(x -> x.withPhase(RolloutPhase.PAUSED, "analysis inconclusive: " + judgement.reason() + "; promote, resume or abort", now));
                    ctx.event(Actor.ENGINE, "pause", "analysis inconclusive");
                    return Optional.of(Wait.manual(null, ctx.rollout().message()));
                }
                case CONTINUE -> {
                    // A round is complete when every gate has measured in it: a deferred gate may still be running.
                    List<GateSpec> round = behind(measured, results);
                    if (round.isEmpty()) {
                        Instant due = results.isEmpty() ? r.stepStartedAt() : results.get(results.size() - 1).at().plus(policy.interval());
                        if (ctx.now().isBefore(due)) {
                            ctx.message("analysis: " + judgement.reason() + "; next measurement at " + due);
                            return Optional.of(Wait.until(due, ctx.rollout().message()));
                        }
                        round = measured;
                    }
                    List<String> running = measure(ctx, round, targets.apply(ctx));
                    if (!running.isEmpty()) {
                        Instant again = ctx.now().plus(policy.interval());
                        ctx.message("analysis: " + judgement.reason() + "; waiting for " + String.join(", ", running) + " to end");
                        return Optional.of(Wait.until(again, ctx.rollout().message()));
                    }
                }
            }
        }
    }

    /** The gates that measure; a manual gate is a pause, handled by {@link ManualApproval}. */
    static List<GateSpec> measured(CanaryStep.Analysis step) {
        return step.measuredGates();
    }

    static GateContext slotTargets(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        return GateContext.builder().client(ctx.client()).namespace(ctx.app().namespace()).app(ctx.app().app())
                .stableSlot(r.hasStable() ? r.stableSlot().label() : null).candidateSlot(r.candidateSlot().label())
                .candidateImage(r.image())
                .stableUrl(r.hasStable() ? ctx.config().endpoints().baseUrl(ctx.app(), r.stableSlot(), r.spec().port()) : null)
                .candidateUrl(ctx.config().endpoints().baseUrl(ctx.app(), r.candidateSlot(), r.spec().port()))
                .stepStartedAt(r.stepStartedAt()).build();
    }

    /**
     * Measures each gate once and records the results; a deferred gate that is still running records nothing.
     *
     * @return the names of the deferred gates still running
     */
    static List<String> measure(RolloutContext ctx, List<GateSpec> gates, GateContext gc) {
        List<String> running = new ArrayList<>();
        for (GateSpec spec : gates) {
            Optional<GateResult> measured = measureOrPoll(ctx, spec, gc);
            if (measured.isEmpty()) {
                running.add(spec.displayName());
                continue;
            }
            ctx.update(x -> x.withGateResult(new StepGateResult(x.stepIndex(), measured.get())));
        }
        return running;
    }

    private static Optional<GateResult> measureOrPoll(RolloutContext ctx, GateSpec spec, GateContext gc) {
        try {
            HealthGate gate = ctx.config().gates().apply(spec);
            if (gate instanceof DeferredGate deferred) {
                Rollout r = ctx.rollout();
                int round = count(r.currentStepResults(), spec.displayName());
                return deferred.poll(gc, new DeferredGate.Round(r.revision(), r.stepIndex(), round, r.weight())).map(m -> named(spec, m));
            }
            return Optional.of(named(spec, gate.evaluate(gc)));
        } catch (RuntimeException e) {
            return Optional.of(error(spec, e, ctx.config().clock()));
        }
    }

    /** The gates that measured fewer times than another in this step: the rest of a round a deferred gate holds open. */
    static List<GateSpec> behind(List<GateSpec> gates, List<GateResult> results) {
        int most = gates.stream().mapToInt(g -> count(results, g.displayName())).max().orElse(0);
        return gates.stream().filter(g -> count(results, g.displayName()) < most).toList();
    }

    private static int count(List<GateResult> results, String gate) {
        return (int) results.stream().filter(x -> x.gate().equals(gate)).count();
    }

    private static GateResult named(GateSpec spec, GateResult r) {
        return r.gate().equals(spec.displayName()) ? r : new GateResult(spec.displayName(), r.verdict(), r.evidence(), r.at());
    }

    /**
     * One measurement of one gate, recorded under the spec's display name whatever happens: a gate that
     * throws is an ERROR of that gate, so {@link AnalysisJudge} counts it with the gate's other results.
     */
    public static GateResult measureOnce(GateSpec spec, Function<GateSpec, HealthGate> gates, GateContext gc, Clock clock) {
        try {
            return named(spec, gates.apply(spec).evaluate(gc));
        } catch (RuntimeException e) {
            return error(spec, e, clock);
        }
    }

    private static GateResult error(GateSpec spec, RuntimeException e, Clock clock) {
        return new GateResult(spec.displayName(), Verdict.ERROR, "gate failed to measure: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), clock.instant());
    }

    static String last(List<GateResult> results) {
        if (results.isEmpty()) {
            return "no measurements";
        }
        GateResult g = results.get(results.size() - 1);
        return g.gate() + " " + g.verdict() + " (" + g.evidence() + ")";
    }
}
