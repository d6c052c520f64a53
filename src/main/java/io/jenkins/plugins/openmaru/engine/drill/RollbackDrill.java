package io.jenkins.plugins.openmaru.engine.drill;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.LeaseHeldException;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rollback drills, Jenkins-free: roll an app back to an earlier release through the engine's own
 * rollback, verify it serves, roll forward to the release that served before, verify again, and
 * measure every step. The drill holds the app's lease throughout, so no rollout starts under it.
 * Blocking: call it from a worker thread (it waits for slots to become available).
 */
public final class RollbackDrill {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final EngineConfig config;

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
            if (wanted == null || s.inProgress() || s.serving().map(r -> r.image().equals(wanted.image())).orElse(true)) {
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
     * Runs the drill (or only plans it when {@code spec.dryRun()}).
     *
     * @throws DrillRefusedException when a rollout of the app is in progress or someone else holds its lease
     * @throws io.jenkins.plugins.openmaru.model.ValidationException when the app has no earlier release to drill
     */
    public DrillResult run(DrillSpec spec, Actor actor) {
        Clock clock = config.clock();
        Instant started = clock.instant();
        AtomicReference<Instant> lastWrite = new AtomicReference<>();
        TrafficRouterFactory routers = config.routers();
        EngineConfig timed = config.withRouters((c, app) -> new TimedRouter(routers.create(c, app), clock, lastWrite));
        RolloutEngine engine = new RolloutEngine(client, timed);
        DrillPlan plan = new DrillPlanner(engine).plan(spec);
        String id = "drill-" + ID.format(started.truncatedTo(ChronoUnit.SECONDS));
        if (spec.dryRun()) {
            return new DrillResult(id, plan, actor.name(), started, clock.instant(), List.of(), DrillOutcome.PLANNED,
                    plan.serving().revision(), plan.serving().image(), "dry run: nothing was written");
        }
        AppRef app = spec.app();
        AppLease lease = new AppLease(client, clock, config.leaseDuration());
        try {
            lease.acquire(app, config.identity());
        } catch (LeaseHeldException e) {
            throw new DrillRefusedException(e.getMessage(), e.holder());
        }
        int firstRevision = engine.status(app).nextRevision();
        Actor drillActor = new Actor(actor.name(), "rollback drill " + id + (actor.comment().isEmpty() ? "" : ": " + actor.comment()));
        try {
            List<DrillPhaseResult> phases = phases(engine, lastWrite, plan, spec, drillActor);
            DeliveryState after = engine.status(app);
            boolean rolledForward = after.activeSlot() == plan.activeSlot() && after.nextRevision() > firstRevision;
            Release serving = after.activeSlot() == plan.activeSlot() ? plan.serving() : after.serving().orElse(plan.target());
            DrillOutcome outcome = outcome(phases);
            DrillResult result = new DrillResult(id, plan, actor.name(), started, clock.instant(), phases, outcome,
                    serving.revision(), serving.image(), message(outcome, phases, plan, serving));
            new DrillHistory(new StateStore(client)).record(result, firstRevision, config.identity(), rolledForward);
            new DrillTrend(client).append(app, result.summary());
            new AuditTrail(client, config.identity(), config.notifier()).drill(result);
            return result;
        } finally {
            lease.release(app, config.identity());
        }
    }

    private List<DrillPhaseResult> phases(RolloutEngine engine, AtomicReference<Instant> lastWrite, DrillPlan plan, DrillSpec spec, Actor actor) {
        SlotGates gates = new SlotGates(client, engine.config(), plan);
        Restore restore = new Restore(engine, lastWrite, gates, plan, spec.timeout(), actor);
        List<DrillPhaseResult> phases = new ArrayList<>();
        DrillPhaseResult back = restore.run(DrillPhase.ROLLBACK, plan.serving(), plan.target(), plan.targetSlot(), true);
        phases.add(back);
        boolean moved = engine.status(plan.app()).activeSlot() == plan.targetSlot();
        boolean backHealthy = !back.gatesAfter().isEmpty() && SlotGates.firstFailure(back.gatesAfter()).isEmpty();
        if (moved && (spec.rollForward() || !backHealthy)) {
            // Away from an unhealthy release, the release that served before the drill goes back unchecked: it was serving.
            phases.add(restore.run(DrillPhase.ROLL_FORWARD, plan.target(), plan.serving(), plan.activeSlot(), backHealthy));
        } else {
            String why = moved ? "rollForward is off: revision " + plan.target().revision() + " keeps serving"
                    : "the rollback did not move traffic: revision " + plan.serving().revision() + " kept serving";
            phases.add(DrillPhaseResult.skipped(DrillPhase.ROLL_FORWARD, plan.target().revision(), plan.serving().revision(),
                    plan.serving().image(), plan.activeSlot(), plan.maxTimeToRestore(), config.clock().instant(), why));
        }
        return phases;
    }

    private static DrillOutcome outcome(List<DrillPhaseResult> phases) {
        if (phases.get(0).outcome() == DrillOutcome.ABORTED) {
            return DrillOutcome.ABORTED;
        }
        return phases.stream().anyMatch(p -> p.outcome().failed()) ? DrillOutcome.FAILED : DrillOutcome.PASSED;
    }

    private static String message(DrillOutcome outcome, List<DrillPhaseResult> phases, DrillPlan plan, Release serving) {
        String now = "revision " + serving.revision() + " (" + serving.image() + ") serves";
        if (outcome != DrillOutcome.PASSED) {
            DrillPhaseResult bad = phases.stream().filter(p -> p.outcome().failed()).findFirst().orElseThrow();
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
