package io.jenkins.plugins.openmaru.engine.drill;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhase;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.DrillTimings;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.traffic.Weights;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One restore: make {@code to} serve from its slot through the engine's own rollback, measuring each
 * step. The slot is checked with the gates before the switch, so an unhealthy release never gets
 * traffic: the restore is abandoned and the serving release keeps serving.
 */
final class Restore {
    private final RolloutEngine engine;
    private final AtomicReference<Instant> lastWrite;
    private final AppLease lease;
    private final SlotGates gates;
    private final DrillPlan plan;
    private final Duration timeout;
    private final Actor actor;
    private final Clock clock;

    Restore(RolloutEngine engine, AtomicReference<Instant> lastWrite, SlotGates gates, DrillPlan plan, Duration timeout, Actor actor) {
        this.engine = engine;
        this.lastWrite = lastWrite;
        this.clock = engine.config().clock();
        this.lease = new AppLease(engine.client(), clock, engine.config().leaseDuration());
        this.gates = gates;
        this.plan = plan;
        this.timeout = timeout;
        this.actor = actor;
    }

    /**
     * Runs the restore. The wait for a cold slot to become available holds no thread (a watch and a timer on
     * {@code scheduler}); every other part is a few requests on the calling thread or the scheduler's.
     *
     * @param checkFirst measure the slot before the switch; false only to put back the release that served
     *     before the drill when the drill's release turned out unhealthy after the switch
     * @param stop completing it ends a wait for the slot as if the slot never became available
     */
    CompletableFuture<DrillPhaseResult> run(DrillPhase phase, Release from, Release to, Slot slot, boolean checkFirst,
            ScheduledExecutorService scheduler, CompletableFuture<?> stop) {
        var app = plan.app();
        String service = slot.resourceName(app.app());
        String what = "revision " + to.revision() + " (" + to.image() + ") in " + service;
        Instant t0 = clock.instant();
        Step step = new Step(phase, from, to, slot, t0);
        try {
            Deployment d = new SlotWorkloads(engine.client(), app).get(slot);
            boolean warm = SlotWorkloads.isWarm(d, to);
            lastWrite.set(null);
            if (warm) {
                return CompletableFuture.completedFuture(switchTo(step, what, true, checkFirst));
            }
            // Prepared, not rolled back: a slot that turned warm since the read above would get traffic before the check.
            // Such a slot is not scaled up: the report says what the engine did, not what the read above suggested.
            step.scaledUp = engine.prepareRollback(app, to.revision(), actor).did(Progress.Effect.SLOT_DEPLOYED);
            return SlotAvailability.await(engine.client(), app.namespace(), service, t0.plus(timeout), clock,
                    () -> lease.acquire(app, engine.config().identity()), scheduler, stop).handle((available, error) -> {
                        if (error != null) {
                            return failed(step, what, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                        }
                        if (!available) {
                            abandonRollback();
                            String why = stop.isDone() ? " was not available when the drill was stopped"
                                    : " did not become available within " + Durations.format(timeout);
                            return step.end(DrillOutcome.ABORTED, what + why + " (" + Availability.describe(new SlotWorkloads(engine.client(), app).get(slot))
                                    + "); no traffic moved; revision " + from.revision() + " keeps serving");
                        }
                        if (step.scaledUp) {
                            step.timings = step.timings.withAvailableAt(clock.instant());
                        }
                        return switchTo(step, what, false, checkFirst);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(step, what, e));
        }
    }

    /**
     * From an available slot on: check it, switch traffic (the rollback when the slot was warm, else the reconcile of the
     * prepared rollback), read the routing back, check again.
     */
    private DrillPhaseResult switchTo(Step step, String what, boolean warm, boolean checkFirst) {
        var app = plan.app();
        String service = step.slot.resourceName(app.app());
        try {
            if (checkFirst) {
                step.before = gates.check(step.slot, step.to.image(), step.timings.decisionAt());
                Optional<GateResult> bad = SlotGates.firstFailure(step.before);
                if (bad.isPresent()) {
                    abandonRollback();
                    return step.end(DrillOutcome.ABORTED, what + " failed gate " + bad.get().gate() + " (" + bad.get().verdict() + ": "
                            + bad.get().evidence() + ") before any traffic moved; revision " + step.from.revision() + " keeps serving");
                }
                step.timings = step.timings.withCheckedAt(clock.instant());
            }
            Progress p = warm ? engine.rollback(app, step.to.revision(), actor) : engine.reconcile(app);
            lease.acquire(app, engine.config().identity());
            Instant written = lastWrite.get();
            if (!p.done()) {
                // The slot stopped being available since the check (scaled down, a new rollout of its pods): left pending, the
                // rollback would switch on anyone's next reconcile, after the drill has ended.
                abandonRollback();
                return step.end(DrillOutcome.FAILED, "the switch to " + what + " did not complete: " + p.next().reason()
                        + "; the drill abandoned its rollback and no traffic moved");
            }
            if (p.state().activeSlot() != step.slot || written == null) {
                return step.end(DrillOutcome.FAILED, "the switch to " + what + " did not complete: " + p.next().reason());
            }
            step.timings = step.timings.withTrafficWrittenAt(written);
            Weights read = engine.config().routers().create(engine.client(), app).getWeights();
            if (!read.equals(Weights.allStable(service))) {
                return step.end(DrillOutcome.FAILED, "after the switch to " + service + " the routing reads back " + read);
            }
            step.timings = step.timings.withVerifiedAt(clock.instant());
            step.after = gates.check(step.slot, step.to.image(), step.timings.decisionAt());
            Optional<GateResult> bad = SlotGates.firstFailure(step.after);
            Duration took = step.timings.timeToRestore().orElseThrow();
            if (bad.isPresent()) {
                return step.end(DrillOutcome.FAILED, what + " serves but fails gate " + bad.get().gate() + " (" + bad.get().verdict() + ": "
                        + bad.get().evidence() + ")");
            }
            if (took.compareTo(plan.maxTimeToRestore()) > 0) {
                return step.end(DrillOutcome.FAILED, what + " restored in " + Durations.format(took) + ", above the target "
                        + Durations.format(plan.maxTimeToRestore()));
            }
            return step.end(DrillOutcome.PASSED, what + " restored in " + Durations.format(took) + " (target "
                    + Durations.format(plan.maxTimeToRestore()) + ")");
        } catch (RuntimeException e) {
            return failed(step, what, e);
        }
    }

    private DrillPhaseResult failed(Step step, String what, Throwable e) {
        try {
            abandonRollback();
        } catch (RuntimeException again) {
            e.addSuppressed(again);
        }
        return step.end(DrillOutcome.FAILED, "the " + step.phase.label() + " to " + what + " stopped with an error: " + e.getMessage());
    }

    /** Ends this drill's rollback if it is still waiting for its slot: traffic stays where it is. */
    private void abandonRollback() {
        DeliveryState s = engine.status(plan.app());
        if (s.inProgress() && s.rollout().isRollback() && engine.config().identity().equals(s.rollout().driver())) {
            engine.abort(plan.app(), new Actor(actor.name(), "rollback drill abandoned its restore"));
        }
    }

    /** The phase's values as they accumulate. */
    private final class Step {
        final DrillPhase phase;
        final Release from;
        final Release to;
        final Slot slot;
        DrillTimings timings;
        boolean scaledUp;
        List<GateResult> before = List.of();
        List<GateResult> after = List.of();

        Step(DrillPhase phase, Release from, Release to, Slot slot, Instant t0) {
            this.phase = phase;
            this.from = from;
            this.to = to;
            this.slot = slot;
            this.timings = DrillTimings.startingAt(t0);
        }

        DrillPhaseResult end(DrillOutcome outcome, String message) {
            return new DrillPhaseResult(phase, from.revision(), to.revision(), to.image(), slot, scaledUp, timings, before, after,
                    plan.maxTimeToRestore(), outcome, message);
        }
    }
}
