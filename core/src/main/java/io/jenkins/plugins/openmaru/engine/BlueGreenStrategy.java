package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.traffic.PreviewRoute;
import io.jenkins.plugins.openmaru.traffic.TrafficRouters;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Blue/green: the candidate runs in the idle slot at 0 % (reachable through Route {@code <app>-preview}
 * and its slot Service) while the gates measure it; then promotion moves 100 % in one routing write
 * and the old slot stays warm for {@code scaleDownDelay}. Step 0 is "testing", step 1 "ready".
 */
public final class BlueGreenStrategy implements StrategyHandler {
    static final int TESTING = 0;
    static final int READY = 1;

    @Override
    public Strategy strategy() {
        return Strategy.BLUE_GREEN;
    }

    @Override
    public void begin(RolloutContext ctx) {
        SlotDeploy.candidate(ctx);
        Rollout r = ctx.rollout();
        if (!r.hasStable()) {
            return;
        }
        TrafficRouters.Selection router = TrafficRouters.select(ctx.client(), ctx.app(), r.spec().router());
        ctx.event(Actor.ENGINE, "router", router.toString());
        String candidate = ctx.service(r.candidateSlot());
        if (spec(ctx).previewRoute() && router.kind() == RouterKind.ROUTE) {
            String host = new PreviewRoute(ctx.client(), ctx.app().namespace(), ctx.app().app()).pointAt(candidate);
            ctx.event(Actor.ENGINE, "preview", "Route " + PreviewRoute.name(ctx.app().app()) + " -> " + candidate
                    + (host == null ? "" : " (http://" + host + ")"));
        } else {
            ctx.event(Actor.ENGINE, "preview", "Service " + candidate + (spec(ctx).previewRoute() ? " (no preview Route: router is " + router.kind().label() + ")" : ""));
        }
    }

    @Override
    public Wait reconcile(RolloutContext ctx) {
        Rollout r = ctx.rollout();
        if (r.phase() == RolloutPhase.PAUSED) {
            return Wait.manual(null, r.message());
        }
        Wait notReady = SlotDeploy.awaitCandidate(ctx);
        if (notReady != null) {
            return notReady;
        }
        if (!r.hasStable()) {
            return Promotion.promote(ctx, Actor.ENGINE);
        }
        BlueGreenSpec spec = spec(ctx);
        if (r.stepIndex() == TESTING) {
            if (!spec.gates().isEmpty()) {
                Optional<Wait> wait = Analysis.run(ctx, spec.analysisStep());
                if (wait.isPresent()) {
                    return wait.get();
                }
            }
            Instant now = ctx.now();
            ctx.update(x -> x.atStep(READY, now));
            ctx.event(Actor.ENGINE, "ready", ctx.service(r.candidateSlot()) + " is available" + (spec.gates().isEmpty() ? "" : " and passed its gates")
                    + " at 0%");
            ctx.save();
        }
        String candidate = ctx.service(r.candidateSlot());
        if (!spec.autoPromote()) {
            ctx.message(candidate + " ready at 0% (preview); waiting for promote or abort");
            return Wait.manual(null, ctx.rollout().message());
        }
        Duration after = spec.autoPromoteAfter() == null ? Duration.ZERO : spec.autoPromoteAfter();
        Instant due = ctx.rollout().stepStartedAt().plus(after);
        if (ctx.now().isBefore(due)) {
            ctx.message(candidate + " ready at 0% (preview); promoted automatically at " + due);
            return Wait.until(due, ctx.rollout().message());
        }
        return Promotion.promote(ctx, new Actor(Actor.ENGINE.name(), after.isZero() ? "autoPromote" : "autoPromoteAfter " + after));
    }

    private static BlueGreenSpec spec(RolloutContext ctx) {
        return (BlueGreenSpec) ctx.rollout().spec().strategySpec();
    }
}
