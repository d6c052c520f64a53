package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.RollingWorkload;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolling update of one Deployment {@code <app>}: the engine writes the new pod template and the
 * Deployment controller replaces pods within maxSurge/maxUnavailable; the engine watches it against the
 * progress deadline. A deadline passed, a crash-looping pod, a failing gate or an abort undo the update
 * (the previous pod template comes back, as with {@code kubectl rollout undo}), recorded as the aborted
 * revision plus the rolled-back one. No slots and no traffic router are involved: Service {@code <app>}
 * selects whatever pods run, so the rollout and its history entries have no slot.
 */
public final class RollingStrategy implements StrategyHandler {

    @Override
    public Strategy strategy() {
        return Strategy.ROLLING;
    }

    @Override
    public String placement(RolloutContext ctx) {
        return " into Deployment " + ctx.app().app() + " (rolling update)";
    }

    @Override
    public void begin(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        RolloutSpec spec = r.spec();
        RollingSpec rolling = (RollingSpec) spec.strategySpec();
        RollingWorkload w = workload(ctx);
        Deployment before = w.get();
        int replicas = spec.replicas() != null ? spec.replicas() : before == null ? 1 : Math.max(1, before.getSpec().getReplicas());
        // The new pods take traffic as they become ready.
        ctx.beforeTrafficWrite();
        w.apply(r.image(), replicas, spec.env(), r.revision(),
                new RollingWorkload.Settings(rolling.maxSurge(), rolling.maxUnavailable(), spec.progressDeadline(), spec.port()));
        ctx.event(Actor.ENGINE, "deploy", before == null
                ? "Deployment " + ctx.app().app() + " created with " + r.image() + " x" + replicas
                : "Deployment " + ctx.app().app() + ": " + RollingWorkload.image(before) + " -> " + r.image() + " x" + replicas
                        + " (maxSurge " + rolling.maxSurge() + ", maxUnavailable " + rolling.maxUnavailable() + ")");
        ctx.message("rolling update of Deployment " + ctx.app().app() + " to " + r.image());
    }

    @Override
    public Wait reconcile(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        RollingWorkload w = workload(ctx);
        if (r.phase() == RolloutPhase.PAUSED) {
            w.setPaused(true);
            return Wait.manual(null, r.message());
        }
        w.setPaused(false);
        Wait notReady = awaitCandidate(ctx);
        if (notReady != null) {
            return notReady;
        }
        RollingSpec spec = (RollingSpec) r.spec().strategySpec();
        if (r.stepIndex() == 0 && !spec.gates().isEmpty()) {
            Optional<Wait> wait = Analysis.run(ctx, spec.analysisStep(), RollingStrategy::gateTargets,
                    (c, why) -> undo(c, Actor.ENGINE, why));
            if (wait.isPresent()) {
                return wait.get();
            }
            ctx.update(x -> x.atStep(1, ctx.now()));
        }
        return complete(ctx, Actor.ENGINE);
    }

    /** Null once every pod runs this rollout's template and is available; past the deadline or crash-looping: the undo. */
    @Override
    public Wait awaitCandidate(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        RollingWorkload w = workload(ctx);
        Deployment d = w.get();
        if (d == null) {
            throw new EngineException("Deployment " + ctx.app() + " no longer exists; start the rollout again");
        }
        boolean ours = RollingWorkload.revisionOf(d) == r.revision();
        if (ours && Availability.isAvailable(d)) {
            return null;
        }
        Optional<String> failure = ours ? w.failure(d) : Optional.empty();
        if (failure.isPresent()) {
            return undo(ctx, Actor.ENGINE, failure.get());
        }
        Instant deadline = r.startedAt().plus(r.spec() == null ? RolloutSpec.DEFAULT_PROGRESS_DEADLINE : r.spec().progressDeadline());
        if (!ctx.now().isBefore(deadline)) {
            return undo(ctx, Actor.ENGINE, "Deployment " + ctx.app().app() + " not available within progressDeadline: " + Availability.describe(d));
        }
        ctx.message((r.isRollback() ? "rolling back" : "rolling update") + " of Deployment " + ctx.app().app() + ": " + Availability.describe(d));
        return Wait.available(ctx.app().app(), deadline);
    }

    @Override
    public boolean candidateAvailable(RolloutContext ctx) {
        Deployment d = workload(ctx).get();
        return d != null && RollingWorkload.revisionOf(d) == ctx.rollout().revision() && Availability.isAvailable(d);
    }

    @Override
    public String candidateDeployment(RolloutContext ctx) {
        return ctx.app().app();
    }

    @Override
    public Wait promote(RolloutContext ctx, Actor actor) {
        return complete(ctx, actor);
    }

    @Override
    public Wait abort(RolloutContext ctx, Actor actor, String reason) {
        return undo(ctx, actor, reason);
    }

    @Override
    public void paused(RolloutContext ctx) {
        workload(ctx).setPaused(true);
    }

    /** A rolling rollback replaces the pods that serve: there is no slot to prepare apart from the traffic. */
    @Override
    public Wait prepareRollback(RolloutContext ctx, Release target, Actor actor) {
        throw new EngineException(ctx.app() + " is deployed by a rolling update, which has no idle slot to prepare a rollback in");
    }

    @Override
    public Wait rollback(RolloutContext ctx, Release target, Actor actor) {
        DeliveryState s = ctx.state();
        Release current = s.serving().orElseThrow();
        RolloutSpec lastSpec = s.rollout() == null ? null : s.rollout().spec();
        Instant now = ctx.now();
        Rollout r = Rollout.builder().revision(s.nextRevision()).strategy(Strategy.ROLLING).spec(lastSpec).image(target.image())
                .stableImage(current.image()).phase(RolloutPhase.ROLLING_BACK).startedAt(now)
                .rollbackTo(target.revision()).driver(ctx.config().identity())
                .message("rolling back to revision " + target.revision() + " (" + target.image() + ")").build();
        ctx.updateState(x -> x.withRollout(r));
        ctx.holdLease();
        RollingWorkload w = workload(ctx);
        boolean saved = RollingWorkload.previousRevisionOf(w.get()) == target.revision();
        if (saved) {
            w.undo(r.revision());
        } else {
            w.restore(target.image(), target.env(), r.revision());
        }
        ctx.event(actor, "rollback", "from revision " + current.revision() + " to revision " + target.revision() + " (" + target.image() + "): "
                + (saved ? "its saved pod template restored" : "its image and env written into the current pod template"));
        ctx.save();
        return reconcileRollback(ctx);
    }

    @Override
    public Wait reconcileRollback(RolloutContext ctx) {
        Wait notReady = awaitCandidate(ctx);
        if (notReady != null) {
            return notReady;
        }
        Rollout r = ctx.rollout();
        Actor requester = r.events().stream().filter(e -> e.action().equals("rollback")).findFirst()
                .map(e -> new Actor(e.actor(), e.comment())).orElse(Actor.ENGINE);
        Instant now = ctx.now();
        int from = ctx.state().serving().map(Release::revision).orElse(0);
        ctx.update(x -> x.withWeight(100, now).withPhase(RolloutPhase.ROLLED_BACK, "rolled back to revision " + r.rollbackTo()
                + "; Deployment " + ctx.app().app() + " runs " + r.image(), now));
        ctx.event(requester, "rolledBack", "Deployment " + ctx.app().app() + " available with " + r.image());
        Map<String, String> env = ctx.state().release(r.rollbackTo()).map(Release::env).orElse(Map.of());
        ctx.updateState(s -> s.withRelease(new Release(r.revision(), r.image(), null, Strategy.ROLLING, ReleaseOutcome.ROLLED_BACK,
                now, requester.name(), requester.comment(), from, env)));
        ctx.save();
        ctx.releaseLease();
        return Wait.done(null, ctx.rollout().message());
    }

    private static Wait complete(RolloutContext ctx, Actor actor) {
        Rollout r = ctx.rollout();
        boolean first = ctx.state().serving().isEmpty();
        Instant now = ctx.now();
        String what = (first ? "deployed" : "promoted") + "; Deployment " + ctx.app().app() + " runs " + r.image() + " on every replica";
        ctx.update(x -> x.withWeight(100, now).withPhase(RolloutPhase.PROMOTED, what, now));
        ctx.event(actor, first ? "deploy" : "promote", what);
        Instant committedAt = ImageCommitTime.of(ctx.client(), r.image()).orElse(null);
        ctx.updateState(s -> s.withRelease(new Release(r.revision(), r.image(), null, Strategy.ROLLING,
                first ? ReleaseOutcome.DEPLOYED : ReleaseOutcome.PROMOTED, now, actor.name(), actor.comment(), 0, r.spec().env(), committedAt)));
        ctx.save();
        ctx.releaseLease();
        return Wait.done(null, what);
    }

    /**
     * Puts the previous pod template back (the first write after the decision) and ends the rollout. A
     * rollout's revision is recorded ABORTED and the restored template as a new ROLLED_BACK revision; a
     * first deployment has nothing to restore and is left for inspection.
     */
    private static Wait undo(RolloutContext ctx, Actor actor, String reason) {
        Rollout r = ctx.rollout();
        RollingWorkload w = workload(ctx);
        Deployment d = w.get();
        int restoredRevision = r.isRollback() ? ctx.state().serving().map(Release::revision).orElse(0) : r.revision() + 1;
        boolean undone = alreadyUndone(ctx, d, restoredRevision);
        boolean canUndo = undone || d != null && RollingWorkload.revisionOf(d) == r.revision() && RollingWorkload.previousRevisionOf(d) > 0;
        if (canUndo && !undone) {
            w.undo(restoredRevision);
        }
        Deployment restored = undone ? d : canUndo ? w.get() : null;
        String restoredImage = canUndo ? RollingWorkload.image(restored) : null;
        Instant now = ctx.now();
        String why = "aborted: " + reason + (canUndo ? "; Deployment " + ctx.app().app() + " rolled back to " + restoredImage
                : "; no previous pod template to restore");
        ctx.update(x -> x.withWeight(0, now).withPhase(RolloutPhase.ABORTED, why, now));
        ctx.event(actor, "abort", why.substring("aborted: ".length()));
        String comment = actor.comment().isEmpty() ? reason : actor.comment();
        if (!r.isRollback()) {
            ctx.updateState(s -> {
                DeliveryState out = s.withRelease(new Release(r.revision(), r.image(), null, Strategy.ROLLING, ReleaseOutcome.ABORTED,
                        now, actor.name(), comment, 0, r.spec() == null ? Map.of() : r.spec().env()));
                return canUndo ? out.withRelease(new Release(restoredRevision, restoredImage, null, Strategy.ROLLING,
                        ReleaseOutcome.ROLLED_BACK, now, actor.name(), "undo of revision " + r.revision() + ": " + reason, r.revision(),
                        RollingWorkload.env(restored))) : out;
            });
        }
        ctx.save();
        ctx.releaseLease();
        return Wait.done(null, why);
    }

    /**
     * Whether an earlier attempt of this undo already restored the template (its state save then lost a
     * conflict): the template is stamped as the restored revision, the saved one is this rollout's, and it
     * runs the serving release's image and engine env. The retry then records what that attempt would have.
     */
    private static boolean alreadyUndone(RolloutContext ctx, Deployment d, int restoredRevision) {
        Rollout r = ctx.rollout();
        if (d == null || RollingWorkload.revisionOf(d) != restoredRevision || RollingWorkload.previousRevisionOf(d) != r.revision()) {
            return false;
        }
        return ctx.state().serving().map(s -> s.image().equals(RollingWorkload.image(d)) && s.env().equals(RollingWorkload.env(d))).orElse(false);
    }

    /** Gates measure Service {@code <app>}: every pod of the Deployment, which now all run the candidate. */
    private static GateContext gateTargets(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        URI url = ctx.config().endpoints().serviceUrl(ctx.app(), ctx.app().app(), r.spec().port());
        return GateContext.builder().client(ctx.client()).namespace(ctx.app().namespace()).app(ctx.app().app())
                .candidateSlot(ctx.app().app()).candidateImage(r.image()).candidateUrl(url).stepStartedAt(r.stepStartedAt()).build();
    }

    private static RollingWorkload workload(RolloutContext ctx) {
        return new RollingWorkload(ctx.client(), ctx.app());
    }
}
