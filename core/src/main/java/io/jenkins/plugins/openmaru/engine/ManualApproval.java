package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code manual} gate: not a measurement but a pause until someone promotes, resumes (approves
 * this step) or aborts. With a {@code timeout}, {@code onTimeout} decides: abort (default) or promote.
 */
final class ManualApproval {
    private ManualApproval() {}

    static Optional<GateSpec> of(CanaryStep step) {
        return step instanceof CanaryStep.Analysis a
                ? a.gates().stream().filter(g -> g.gateKind() == GateKind.MANUAL).findFirst()
                : Optional.empty();
    }

    /** Pauses for approval, or applies onTimeout when the timeout has passed. */
    static Wait await(RolloutContext ctx, GateSpec gate) {
        Rollout r = ctx.rollout();
        Optional<Instant> deadline = gate.value("timeout", Duration.class).map(t -> r.stepStartedAt().plus(t));
        Instant now = ctx.now();
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            String why = "manual approval not given within " + gate.param("timeout", "");
            return "promote".equals(gate.param("onTimeout", "abort"))
                    ? Promotion.promote(ctx, new Actor("engine", why + "; onTimeout: promote"))
                    : Abort.abort(ctx, Actor.ENGINE, why);
        }
        if (r.phase() != RolloutPhase.PAUSED) {
            ctx.update(x -> x.withPhase(RolloutPhase.PAUSED, "waiting for manual approval at " + r.weight() + "%"
                    + deadline.map(d -> " until " + d).orElse("") + ": promote, resume or abort", now));
            ctx.event(Actor.ENGINE, "pause", "manual approval");
        }
        return Wait.manual(deadline.orElse(null), ctx.rollout().message());
    }
}
