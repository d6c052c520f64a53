package io.jenkins.plugins.openmaru.engine.drill;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.LeaseHeldException;
import io.jenkins.plugins.openmaru.engine.LeaseHold;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.StateStore;
import io.jenkins.plugins.openmaru.engine.audit.AuditTrail;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhase;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import io.jenkins.plugins.openmaru.model.DrillSummary;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.traffic.TrafficRouterFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rollback drills, Jenkins-free: roll an app back to an earlier release through the engine's own
 * rollback, verify it serves, roll forward to the release that served before, verify again, and
 * measure every step. The drill holds the app's lease throughout, so no rollout starts under it.
 * {@link #start} holds no thread while a slot becomes available; {@link #run} blocks until the drill ends.
 */
public final class RollbackDrill {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Attempts to put back the release that served before, when the roll-forward's switch fails with an error. */
    static final int PUT_BACK_ATTEMPTS = 3;
    static final Duration PUT_BACK_DELAY = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final EngineConfig config;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** @param config the engine configuration to use (identity, gates, slot endpoints, router); its identity holds the lease */
    public RollbackDrill(KubernetesClient client, EngineConfig config) {
        this.client = client;
        this.config = config;
    }

    /** A drill with the engine's client and configuration (identity, gates, slot endpoints, router). */
    public RollbackDrill(RolloutEngine engine) {
        this(engine.client(), engine.config());
    }

    /**
     * Puts back {@code revision} after a drill was interrupted (the build was stopped, Jenkins restarted):
     * a pending rollback of this drill is aborted (no traffic write), and if an earlier release serves,
     * {@code revision} is rolled back to. The lease is given up.
     *
     * @return what was done, in words
     */
    public String recover(AppRef app, int revision, Actor actor) {
        RolloutEngine engine = new RolloutEngine(client, config);
        try {
            DeliveryState s = engine.status(app);
            if (s.inProgress() && s.rollout().isRollback() && config.identity().equals(s.rollout().driver())) {
                engine.abort(app, actor);
                s = engine.status(app);
            }
            Release wanted = s.release(revision).orElse(null);
            if (wanted != null && !s.inProgress() && s.serving().map(r -> r.image().equals(wanted.image())).orElse(false)) {
                // The drill may have died between its switch's routing write and the state write: the engine's idle
                // reconcile puts the routing back (or says why it cannot), and its wait's reason tells what it found.
                Progress idle = engine.reconcile(app);
                return idle.did(Progress.Effect.ROUTING_REPAIRED) || idle.did(Progress.Effect.ROUTING_LEFT) ? idle.next().reason()
                        : "revision " + revision + " serves; nothing to put back";
            }
            if (wanted == null || s.inProgress() || s.serving().isEmpty()) {
                return "revision " + revision + " serves; nothing to put back";
            }
            engine.rollback(app, revision, actor);
            return "rolled back to revision " + revision + " (" + wanted.image() + "), which served before the drill";
        } finally {
            new AppLease(client, config.clock(), config.leaseDuration()).release(app, config.identity());
        }
    }

    /** What {@link #run} would do; writes nothing. */
    public DrillPlan plan(DrillSpec spec) {
        return new DrillPlanner(new RolloutEngine(client, config)).plan(spec);
    }

    /** The app's recorded drills, oldest first. */
    public List<DrillSummary> trend(AppRef app) {
        return new DrillTrend(client).load(app);
    }

    /**
     * Runs the drill (or only plans it when {@code spec.dryRun()}), blocking the calling thread until it ends.
     * Interrupting that thread stops the drill as {@link #stop()} does.
     *
     * @throws DrillRefusedException when a rollout of the app is in progress or someone else holds its lease
     * @throws io.jenkins.plugins.openmaru.model.ValidationException when the app has no earlier release to drill
     */
    public DrillResult run(DrillSpec spec, Actor actor) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openmaru-drill");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<DrillResult> result = start(spec, actor, timers);
            try {
                return result.get();
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                return result.join();
            }
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * Starts the drill: plans it and takes the lease on the calling thread, then goes on on {@code scheduler}
     * without holding a thread while a slot scales up (a watch and timers wake it).
     *
     * @throws DrillRefusedException when a rollout of the app is in progress or someone else holds its lease
     * @throws io.jenkins.plugins.openmaru.model.ValidationException when the app has no earlier release to drill
     */
    public CompletableFuture<DrillResult> start(DrillSpec spec, Actor actor, ScheduledExecutorService scheduler) {
        Clock clock = config.clock();
        Instant started = clock.instant();
        AtomicReference<Instant> lastWrite = new AtomicReference<>();
        TrafficRouterFactory routers = config.routers();
        EngineConfig timed = config.withRouters((c, app) -> new TimedRouter(routers.create(c, app), clock, lastWrite));
        RolloutEngine engine = new RolloutEngine(client, timed);
        DrillPlan plan = new DrillPlanner(engine).plan(spec);
        String id = "drill-" + ID.format(started.truncatedTo(ChronoUnit.SECONDS));
        if (spec.dryRun()) {
            return CompletableFuture.completedFuture(new DrillResult(id, plan, actor.name(), started, clock.instant(), List.of(),
                    DrillOutcome.PLANNED, plan.serving().revision(), plan.serving().image(), "dry run: nothing was written"));
        }
        AppRef app = spec.app();
        AppLease lease = new AppLease(client, clock, config.leaseDuration());
        try {
            lease.acquire(app, config.identity());
        } catch (LeaseHeldException e) {
            throw new DrillRefusedException(e.getMessage(), e.holder());
        }
        // Renewed between the engine's operations too: a scale-up or a gate can take longer than the lease.
        LeaseHold held = engine.holdLease(app);
        Actor drillActor = new Actor(actor.name(), "rollback drill " + id + (actor.comment().isEmpty() ? "" : ": " + actor.comment()));
        CompletableFuture<DrillResult> result;
        try {
            int firstRevision = engine.status(app).nextRevision();
            result = phases(engine, lastWrite, plan, spec, drillActor, scheduler).thenApplyAsync(phases -> {
                DeliveryState after = engine.status(app);
                boolean rolledForward = after.activeSlot() == plan.activeSlot() && after.nextRevision() > firstRevision;
                Release serving = after.activeSlot() == plan.activeSlot() ? plan.serving() : after.serving().orElse(plan.target());
                DrillOutcome outcome = outcome(phases);
                String message = (!stopped.isDone() ? "" : serving.revision() == plan.serving().revision()
                        ? "interrupted; the release that served before was put back: " : "interrupted; ") + message(outcome, phases, plan, serving);
                DrillResult r = new DrillResult(id, plan, actor.name(), started, clock.instant(), phases, outcome,
                        serving.revision(), serving.image(), message);
                new DrillHistory(new StateStore(client)).record(r, firstRevision, config.identity(), rolledForward);
                new DrillTrend(client).append(app, r.summary());
                new AuditTrail(client, config.identity(), config.notifier()).drill(r);
                return r;
            }, scheduler);
        } catch (RuntimeException e) {
            held.close();
            lease.release(app, config.identity());
            throw e;
        }
        return result.handleAsync((r, error) -> {
            held.close();
            lease.release(app, config.identity());
            if (error != null) {
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            return r;
        }, scheduler);
    }

    /**
     * Stops a running drill (a stopped build, Ctrl-C): a rollback waiting for its slot is abandoned (no traffic moves);
     * once the drill's release serves, the release that served before is put back without checking it. The drill
     * records itself {@code ABORTED}.
     */
    public void stop() {
        stopped.complete(null);
    }

    private CompletableFuture<List<DrillPhaseResult>> phases(RolloutEngine engine, AtomicReference<Instant> lastWrite, DrillPlan plan,
            DrillSpec spec, Actor actor, ScheduledExecutorService scheduler) {
        SlotGates gates = new SlotGates(client, engine.config(), plan);
        Restore restore = new Restore(engine, lastWrite, gates, plan, spec.timeout(), actor);
        return restore.run(DrillPhase.ROLLBACK, plan.serving(), plan.target(), plan.targetSlot(), true, scheduler, stopped)
                .thenComposeAsync(back -> {
                    List<DrillPhaseResult> phases = new ArrayList<>(List.of(back));
                    boolean moved = engine.status(plan.app()).activeSlot() == plan.targetSlot();
                    boolean backHealthy = !back.gatesAfter().isEmpty() && SlotGates.firstFailure(back.gatesAfter()).isEmpty();
                    if (moved && (spec.rollForward() || !backHealthy || stopped.isDone())) {
                        // Away from an unhealthy release, or when stopped, the release that served before the drill goes back
                        // unchecked: it was serving.
                        return putBack(engine, restore, plan, backHealthy && !stopped.isDone(), scheduler).thenApply(forward -> {
                            phases.add(forward);
                            return phases;
                        });
                    }
                    String why = moved ? "rollForward is off: revision " + plan.target().revision() + " keeps serving"
                            : "the rollback did not move traffic: revision " + plan.serving().revision() + " kept serving";
                    phases.add(DrillPhaseResult.skipped(DrillPhase.ROLL_FORWARD, plan.target().revision(), plan.serving().revision(),
                            plan.serving().image(), plan.activeSlot(), plan.maxTimeToRestore(), config.clock().instant(), why));
                    return CompletableFuture.completedFuture(phases);
                }, scheduler);
    }

    /**
     * The roll-forward. When its switch fails with an error (the routing write refused, the API server away) while
     * the drill's release still serves, the release that served before is put back again, unchecked, a few times.
     * Stopping the drill never abandons it: putting back is what a stop asks for.
     */
    private CompletableFuture<DrillPhaseResult> putBack(RolloutEngine engine, Restore restore, DrillPlan plan, boolean checkFirst,
            ScheduledExecutorService scheduler) {
        return restore.run(DrillPhase.ROLL_FORWARD, plan.target(), plan.serving(), plan.activeSlot(), checkFirst, scheduler, new CompletableFuture<>())
                .thenComposeAsync(first -> retryPutBack(engine, restore, plan, first, first, 2, scheduler), scheduler);
    }

    private CompletableFuture<DrillPhaseResult> retryPutBack(RolloutEngine engine, Restore restore, DrillPlan plan, DrillPhaseResult first,
            DrillPhaseResult last, int attempt, ScheduledExecutorService scheduler) {
        if (attempt > PUT_BACK_ATTEMPTS || last.outcome() != DrillOutcome.FAILED || !stillOnTarget(engine, plan)) {
            return CompletableFuture.completedFuture(last);
        }
        Executor later = CompletableFuture.delayedExecutor(PUT_BACK_DELAY.multipliedBy(attempt - 1).toMillis(), TimeUnit.MILLISECONDS, scheduler);
        return CompletableFuture.supplyAsync(() -> null, later)
                .thenComposeAsync(x -> restore.run(DrillPhase.ROLL_FORWARD, plan.target(), plan.serving(), plan.activeSlot(), false, scheduler,
                        new CompletableFuture<>()), scheduler)
                .thenComposeAsync(next -> next.outcome().failed() ? retryPutBack(engine, restore, plan, first, next, attempt + 1, scheduler)
                        // The restore worked on retry, but the drill found a fault: it fails, and says both.
                        : CompletableFuture.completedFuture(withOutcome(next, DrillOutcome.FAILED,
                                first.message() + "; put back on attempt " + attempt + ": " + next.message())), scheduler);
    }

    private static boolean stillOnTarget(RolloutEngine engine, DrillPlan plan) {
        try {
            return engine.status(plan.app()).activeSlot() == plan.targetSlot();
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    private static DrillPhaseResult withOutcome(DrillPhaseResult r, DrillOutcome outcome, String message) {
        return new DrillPhaseResult(r.phase(), r.fromRevision(), r.toRevision(), r.image(), r.slot(), r.scaledUp(), r.timings(),
                r.gatesBefore(), r.gatesAfter(), r.target(), outcome, message);
    }

    private DrillOutcome outcome(List<DrillPhaseResult> phases) {
        if (stopped.isDone() || phases.get(0).outcome() == DrillOutcome.ABORTED) {
            return DrillOutcome.ABORTED;
        }
        return phases.stream().anyMatch(p -> p.outcome().failed()) ? DrillOutcome.FAILED : DrillOutcome.PASSED;
    }

    private static String message(DrillOutcome outcome, List<DrillPhaseResult> phases, DrillPlan plan, Release serving) {
        String now = "revision " + serving.revision() + " (" + serving.image() + ") serves";
        if (outcome != DrillOutcome.PASSED) {
            if (serving.revision() != plan.serving().revision()) {
                now += "; to put back revision " + plan.serving().revision() + ", which served before the drill, run 'openmaru rollback "
                        + plan.app().app() + " --to-revision " + plan.serving().revision() + "'";
            }
            Optional<DrillPhaseResult> failed = phases.stream().filter(p -> p.outcome().failed()).findFirst();
            if (failed.isEmpty()) {
                return now;
            }
            DrillPhaseResult bad = failed.get();
            return bad.phase().label() + " " + bad.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + bad.message() + "; " + now;
        }
        StringBuilder b = new StringBuilder();
        for (DrillPhaseResult p : phases) {
            if (p.outcome() == DrillOutcome.PASSED) {
                b.append(b.length() == 0 ? "" : ", ").append(p.phase().label()).append(" to revision ").append(p.toRevision())
                        .append(" in ").append(Durations.format(p.timings().timeToRestore().orElseThrow()));
            }
        }
        return b + " (target " + Durations.format(plan.maxTimeToRestore()) + " each); " + now;
    }
}
