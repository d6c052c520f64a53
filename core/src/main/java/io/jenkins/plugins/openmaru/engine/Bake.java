package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.gate.AnalysisJudge;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.ScaleDown;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The bake after a promotion: the rollout's gates keep measuring the new stable, one round per interval,
 * until {@code bake} has passed. The previous slot is still warm (bake never exceeds scaleDownDelay), so a
 * failing gate makes it serve again with one routing write, the first write after the measurement; the
 * history records that as ROLLED_BACK by actor {@code bake} with the gate's evidence. Nobody is asked during
 * a bake, so an exhausted inconclusive limit rolls back too: the release could not be shown healthy.
 */
public final class Bake {
    /** The actor of a rollback the bake decided. */
    public static final String ACTOR = "bake";

    private Bake() {}

    /** Whether a promotion of this rollout is followed by a bake. */
    static boolean follows(Rollout r) {
        return r.hasStable() && !r.isRollback() && r.spec() != null && r.spec().bake() != null;
    }

    /** Right after the promotion's routing write and history entry: the rollout bakes instead of ending. */
    static Wait begin(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        Instant now = ctx.now();
        // Past every strategy step, so the bake's measurements are counted apart from the analysis before promotion.
        int step = Math.max(r.stepCount(), BlueGreenStrategy.READY + 1);
        ctx.update(x -> x.atStep(step, now).withPhase(RolloutPhase.BAKING, "baking", now));
        ctx.event(new Actor(ACTOR, ""), "bake", "gates keep measuring " + ctx.service(r.candidateSlot()) + " until " + ctx.rollout().bakeEndsAt()
                + "; " + ctx.service(r.stableSlot()) + " stays warm");
        return reconcile(ctx);
    }

    /** Measures what is due; rolls back on a failed judgement, ends the rollout when the bake has passed. */
    static Wait reconcile(RolloutContext ctx) {
        CanaryStep.Analysis step = ctx.rollout().spec().strategySpec().bakeAnalysis().orElseThrow();
        AnalysisPolicy policy = policy(step.policy(), ctx.rollout().spec().bake());
        int gates = step.gates().size();
        while (true) {
            Rollout r = ctx.rollout();
            Instant end = r.bakeEndsAt();
            List<GateResult> results = r.currentStepResults();
            AnalysisJudge.Judgement judgement = AnalysisJudge.judge(policy, results, gates);
            switch (judgement.decision()) {
                case FAILED -> {
                    return rollBack(ctx, new Actor(ACTOR, Analysis.last(results)), "bake failed: " + judgement.reason());
                }
                case INCONCLUSIVE -> {
                    return rollBack(ctx, new Actor(ACTOR, Analysis.last(results)), "bake inconclusive: " + judgement.reason());
                }
                case SUCCEEDED -> {
                    if (ctx.now().isBefore(end)) {
                        return waitUntil(ctx, end, judgement.reason());
                    }
                    return pass(ctx, new Actor(ACTOR, ""), "passed: " + judgement.reason());
                }
                case CONTINUE -> {
                    Instant due = (results.isEmpty() ? r.stepStartedAt() : results.get(results.size() - 1).at()).plus(policy.interval());
                    due = due.isAfter(end) ? end : due;
                    if (ctx.now().isBefore(due)) {
                        return waitUntil(ctx, due, judgement.reason());
                    }
                    Analysis.measure(ctx, step.gates(), Analysis.slotTargets(ctx));
                }
            }
        }
    }

    /** The bake is over (passed, or ended early by a promote): the rollout ends promoted, the warm slot is scaled down as usual. */
    static Wait pass(RolloutContext ctx, Actor actor, String detail) {
        Rollout r = ctx.rollout();
        Instant now = ctx.now();
        ctx.update(x -> x.withPhase(RolloutPhase.PROMOTED, "promoted and baked; " + ctx.service(r.candidateSlot()) + " serves 100%", now));
        ctx.event(actor, "bake", detail);
        ctx.save();
        ctx.releaseLease();
        ScaleDown warm = ctx.state().scaleDown();
        return Wait.done(warm == null ? null : warm.at(), ctx.rollout().message());
    }

    /**
     * The previous release serves again: the routing write first, then the state (ROLLED_BACK history entry
     * with the evidence), then the lease. The baked release is kept for inspection for abortScaleDownDelay.
     */
    static Wait rollBack(RolloutContext ctx, Actor actor, String reason) {
        Rollout r = ctx.rollout();
        ctx.router().endRollout(ctx.service(r.stableSlot()));
        Instant now = ctx.now();
        DeliveryState s = ctx.state();
        Release previous = s.release(r.revision()).flatMap(x -> s.previous()).orElse(null);
        Map<String, String> env = previous == null ? Map.of() : previous.env();
        ScaleDown inspect = new ScaleDown(r.candidateSlot(), now.plus(r.spec().abortScaleDownDelay()));
        String why = "rolled back: " + reason + "; " + ctx.service(r.stableSlot()) + " serves 100% again";
        ctx.update(x -> x.withWeight(0, now).withPhase(RolloutPhase.ROLLED_BACK, why, now));
        ctx.event(actor, "rollback", reason + "; " + ctx.service(r.stableSlot()) + " (" + r.stableImage() + ") serves 100%; "
                + ctx.service(r.candidateSlot()) + " kept until " + inspect.at());
        ctx.updateState(x -> x.withActiveSlot(r.stableSlot()).withScaleDown(inspect)
                .withRelease(new Release(x.nextRevision(), r.stableImage(), r.stableSlot(), previous == null ? r.strategy() : previous.strategy(),
                        ReleaseOutcome.ROLLED_BACK, now, actor.name(), actor.comment().isEmpty() ? reason : actor.comment(), r.revision(), env)));
        ctx.save();
        ctx.releaseLease();
        return Wait.done(inspect.at(), why);
    }

    /** Whether a due scale-down must wait: the slot it names is what a baking rollout rolls back to. */
    static boolean keepsWarm(DeliveryState s, ScaleDown due) {
        return s.inProgress() && s.rollout().phase() == RolloutPhase.BAKING && s.rollout().stableSlot() == due.slot();
    }

    private static Wait waitUntil(RolloutContext ctx, Instant t, String judged) {
        Instant end = ctx.rollout().bakeEndsAt();
        ctx.message("baking until " + end + " (" + Durations.format(Duration.between(ctx.now(), end).truncatedTo(ChronoUnit.SECONDS)) + " left): " + judged
                + "; " + ctx.service(ctx.rollout().stableSlot()) + " stays warm for a one-write rollback");
        return Wait.until(t, ctx.rollout().message());
    }

    /** The step's limits, with one round per interval for the whole bake. */
    private static AnalysisPolicy policy(AnalysisPolicy p, Duration bake) {
        int rounds = (int) Math.max(1, bake.toMillis() / p.interval().toMillis());
        return p.toBuilder().count(rounds).build();
    }
}
