package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.guardrail.Preflight;
import io.jenkins.plugins.openmaru.gate.AnalysisJudge;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.GuardrailRefusedException;
import io.jenkins.plugins.openmaru.model.GuardrailViolation;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.traffic.TrafficException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The rollout engine's public API. Every operation reads the app's state from the cluster, does at most
 * the next step's writes, persists, and returns a {@link Progress} saying what the rollout waits for.
 * No operation blocks waiting for time or readiness; {@link RolloutDriver} calls {@link #reconcile}
 * again when the wait is over. A fresh engine given only the cluster continues any rollout.
 * Thread-safe: it keeps no state between calls.
 */
public final class RolloutEngine {
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final EngineConfig config;
    private final StateStore store;
    private final AppLease lease;
    private final Map<Strategy, StrategyHandler> strategies = new EnumMap<>(Strategy.class);

    public RolloutEngine(KubernetesClient client, EngineConfig config) {
        this.client = client;
        this.config = config;
        this.store = new StateStore(client);
        this.lease = new AppLease(client, config.clock(), config.leaseDuration());
        register(new CanaryStrategy());
        register(new BlueGreenStrategy());
        register(new RollingStrategy());
        config.strategies().forEach(this::register);
    }

    private void register(StrategyHandler h) {
        strategies.put(h.strategy(), h);
    }

    public EngineConfig config() {
        return config;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Starts a rollout of {@code spec} and performs its first steps. The first rollout of an app deploys
     * straight to 100 %. Starting the rollout that is already in progress (same image and strategy)
     * continues it instead of starting over.
     *
     * @throws LeaseHeldException when another actor drives the app
     * @throws EngineException when a different rollout is in progress
     * @throws ValidationException when a gate of the spec cannot be built, the strategy does not fit how the app
     *     is deployed ({@link StrategyGuard}) or the requested router cannot carry traffic ({@link RouterGuard}); nothing was written
     * @throws GuardrailRefusedException when the rollout breaks an enforced guardrail; nothing was written
     */
    public Progress start(RolloutSpec spec, Actor actor) {
        StrategyHandler handler = handler(spec.strategy());
        GateCheck.buildAll(spec, config.gates());
        RouterGuard.check(client, spec);
        return withRetries(spec.target(), ctx -> {
            DeliveryState s = ctx.state();
            if (s.inProgress()) {
                Rollout r = s.rollout();
                if (r.isRollback() || !r.image().equals(spec.image()) || r.strategy() != spec.strategy()) {
                    throw new EngineException("a " + describe(r) + " of " + spec.target() + " is in progress since " + r.startedAt()
                            + ", driven by " + r.driver() + "; promote or abort it first");
                }
                return reconcileInProgress(ctx);
            }
            StrategyGuard.check(s, spec);
            Slot active = s.activeSlot();
            // A rolling update replaces Deployment <app> in place: it has no candidate slot.
            Slot candidate = spec.strategy() == Strategy.ROLLING ? null : active == null ? Slot.BLUE : active.other();
            List<GuardrailViolation> warnings = Preflight.rollout(client, config.guardrails(), spec, candidate,
                    why -> ctx.audit().refused(spec.target(), s.nextRevision(), actor, why, ctx.now()));
            ctx.holdLease();
            String stableImage = active == null ? null : s.serving().map(Release::image).orElse(null);
            Instant now = ctx.now();
            Rollout r = Rollout.builder().revision(s.nextRevision()).strategy(spec.strategy()).spec(spec).image(spec.image())
                    .stableSlot(active).stableImage(stableImage).candidateSlot(candidate).phase(RolloutPhase.PROGRESSING)
                    .startedAt(now).driver(config.identity()).message(active == null ? "first deployment" : "starting").build();
            ctx.updateState(x -> x.withRollout(r).withScaleDown(x.scaleDown() != null && x.scaleDown().slot() == candidate ? null : x.scaleDown()));
            ctx.event(actor, "start", spec.strategy().label() + " of " + spec.image() + handler.placement(ctx));
            warnings.forEach(w -> ctx.event(Actor.ENGINE, "guardrail", w.message()));
            // The rollout's first traffic write may come in this operation (a candidate available at once, a rolling update):
            // a driver killed between it and the state's used to leave traffic on a candidate that no state named.
            ctx.recordBeforeTraffic();
            handler.begin(ctx);
            return ctx.progress(handler.reconcile(ctx));
        });
    }

    /**
     * Performs whatever is due for the app: the rollout's next steps (taking over the lease if this
     * engine's identity holds it or it expired), or, with no rollout in progress, a due scale-down of a warm
     * slot and a repair of routing that disagrees with the serving release ({@link RoutingRepair}; the
     * returned wait's reason then says what was found and done, and the progress's effects say whether the routing was
     * put back, {@link Progress.Effect#ROUTING_REPAIRED}, or left, {@link Progress.Effect#ROUTING_LEFT}).
     */
    public Progress reconcile(AppRef app) {
        return withRetries(app, ctx -> {
            Housekeeping.run(ctx);
            if (!ctx.state().inProgress()) {
                String routing = RoutingRepair.run(ctx);
                ctx.releaseLease();
                Wait idle = idle(ctx);
                return ctx.progress(routing == null ? idle : Wait.done(idle.until(), routing));
            }
            return reconcileInProgress(ctx);
        });
    }

    /**
     * Scales down a warm slot whose time has come, and nothing else: unlike {@link #reconcile} it never drives
     * or takes over a rollout, so a timer may call it long after the operation that set the scale-down.
     *
     * @return the app's state afterwards; its {@code scaleDown()} is the one still to come, if any
     */
    public DeliveryState scaleDownIfDue(AppRef app) {
        return withRetries(app, ctx -> {
            Housekeeping.run(ctx);
            return ctx.progress(idle(ctx));
        }).state();
    }

    private Progress reconcileInProgress(RolloutContext ctx) {
        ctx.holdLease();
        Rollout r = ctx.rollout();
        StrategyHandler h = handler(r.strategy());
        Optional<RolloutEvent> promoteRequest = PromoteRequest.pending(ctx);
        Wait next = r.phase() == RolloutPhase.BAKING ? Bake.reconcile(ctx)
                : r.isRollback() ? h.reconcileRollback(ctx)
                : promoteRequest.isPresent() ? PromoteRequest.await(ctx, h, promoteRequest.get()) : h.reconcile(ctx);
        return ctx.progress(next.noLaterThan(next.done() ? null : ctx.now().plus(config.leaseDuration().dividedBy(3))));
    }

    /**
     * Skips the remaining steps: the candidate takes 100 % and its slot becomes active, the routing write
     * being the first write. When the candidate is not available at this moment (e.g. the replica-ratio
     * router has just rescaled it) the decision is recorded and the promotion completes on the reconcile
     * that finds it available; the returned progress then waits for that Deployment.
     */
    public Progress promote(AppRef app, Actor actor) {
        return withRetries(app, ctx -> {
            Rollout r = requireInProgress(ctx, "promote");
            if (r.isRollback()) {
                throw new EngineException("a rollback of " + app + " is in progress; it cannot be promoted, only aborted");
            }
            StrategyHandler h = handler(r.strategy());
            if (r.phase() == RolloutPhase.BAKING || h.candidateAvailable(ctx)) {
                return ctx.progress(h.promote(ctx, actor));
            }
            return ctx.progress(PromoteRequest.record(ctx, h, actor));
        });
    }

    /** Traffic back to stable in one routing write; the candidate is kept, then scaled down after abortScaleDownDelay. */
    public Progress abort(AppRef app, Actor actor) {
        return withRetries(app, ctx -> {
            Rollout r = requireInProgress(ctx, "abort");
            String reason = "by " + actor.name() + (actor.comment().isEmpty() ? "" : ": " + actor.comment());
            return ctx.progress(handler(r.strategy()).abort(ctx, actor, reason));
        });
    }

    /** Holds the rollout where it is until {@link #resume} or {@link #promote}. */
    public Progress pause(AppRef app, Actor actor) {
        return withRetries(app, ctx -> {
            Rollout r = requireInProgress(ctx, "pause");
            if (r.phase() != RolloutPhase.PROGRESSING || r.isRollback()) {
                return ctx.progress(Wait.manual(null, r.message()));
            }
            ctx.update(x -> x.withPhase(RolloutPhase.PAUSED, "paused by " + actor.name() + " at " + r.weight() + "%", ctx.now()));
            ctx.event(actor, "pause", "");
            handler(r.strategy()).paused(ctx);
            return ctx.progress(Wait.manual(null, ctx.rollout().message()));
        });
    }

    /**
     * Continues a paused rollout. An indefinite pause step, or an analysis that paused as inconclusive,
     * counts as done: the person resuming has judged it.
     */
    public Progress resume(AppRef app, Actor actor) {
        return withRetries(app, ctx -> {
            Rollout r = requireInProgress(ctx, "resume");
            if (r.phase() != RolloutPhase.PAUSED) {
                return reconcileInProgress(ctx);
            }
            boolean stepDone = judgedByResume(r);
            Instant now = ctx.now();
            ctx.update(x -> {
                Rollout y = x.withPhase(RolloutPhase.PROGRESSING, "resumed by " + actor.name(), now);
                return stepDone ? y.atStep(x.stepIndex() + 1, now) : y;
            });
            ctx.event(actor, "resume", stepDone ? "step " + (r.stepIndex() + 1) + " done" : "");
            ctx.save();
            return reconcileInProgress(ctx);
        });
    }

    /**
     * Makes an earlier release serve again: {@code toRevision}, or the release before the current one.
     * Within the warm window this is one routing write. During a rollout it is an abort: the stable
     * release already is the previous one.
     */
    public Progress rollback(AppRef app, Integer toRevision, Actor actor) {
        return withRetries(app, ctx -> {
            DeliveryState s = requireKnown(ctx);
            if (s.inProgress()) {
                if (s.rollout().isRollback()) {
                    return reconcileInProgress(ctx);
                }
                return ctx.progress(handler(s.rollout().strategy()).abort(ctx, actor, "rollback requested by " + actor.name()
                        + (actor.comment().isEmpty() ? "" : ": " + actor.comment())));
            }
            Release target = rollbackTarget(app, s, toRevision);
            return ctx.progress(servedBy(s, target).rollback(ctx, target, actor));
        });
    }

    /**
     * Starts a rollback as {@link #rollback} does, but moves no traffic, even when the idle slot is warm: the slot is
     * deployed or scaled up if it must be, the rollback is recorded in progress (this engine's identity drives it and
     * holds the lease), and the progress waits for the slot ({@code Wait.AVAILABLE}); its effects include
     * {@link Progress.Effect#SLOT_DEPLOYED} exactly when the slot was not warm and was written. The next {@link #reconcile} that
     * finds the slot available switches in one routing write; {@link #abort} ends it without one. For a caller that
     * checks the slot before any traffic moves to it (a rollback drill).
     *
     * @throws EngineException while a rollout is in progress, or when the serving release has no slot (a rolling update)
     */
    public Progress prepareRollback(AppRef app, Integer toRevision, Actor actor) {
        return withRetries(app, ctx -> {
            DeliveryState s = requireKnown(ctx);
            if (s.inProgress()) {
                throw new EngineException("a " + describe(s.rollout()) + " of " + app + " is in progress; a rollback is prepared only while none is");
            }
            Release target = rollbackTarget(app, s, toRevision);
            return ctx.progress(servedBy(s, target).prepareRollback(ctx, target, actor));
        });
    }

    /** The release a rollback makes serve: {@code toRevision}, else the one before the serving one. Bad input writes nothing. */
    private static Release rollbackTarget(AppRef app, DeliveryState s, Integer toRevision) {
        Release current = s.serving().orElseThrow(() -> new EngineException("no release of " + app + " serves; nothing to roll back"));
        Release target = toRevision == null
                // Nothing the cluster could fix: the request itself has no target (bad input, nothing written).
                ? s.previous().orElseThrow(() -> new ValidationException("app", app.app(), "an app with an earlier release that served; revision "
                        + current.revision() + " is the only release of " + app + " that served, so there is nothing to roll back to"))
                : s.release(toRevision).filter(x -> x.outcome().served()).orElseThrow(() -> new ValidationException("toRevision", toRevision,
                        "a revision that served: " + s.history().stream().filter(x -> x.outcome().served()).map(Release::revision).toList()));
        if (target.image().equals(current.image())) {
            throw new ValidationException("toRevision", target.revision(), "a revision whose image differs from the serving " + current.image());
        }
        return target;
    }

    /** The handler of the serving release's strategy, which knows how to make {@code target} serve again. */
    private StrategyHandler servedBy(DeliveryState s, Release target) {
        Strategy current = s.serving().map(Release::strategy).orElse(null);
        Strategy servedBy = current == null ? target.strategy() : current;
        return handler(servedBy == null ? Strategy.CANARY : servedBy);
    }

    /**
     * Gives up the app's lease if this engine's identity holds it, whatever the rollout's phase: a driver that stops
     * (finished, detached, failed) lets the next one take over at once instead of after the lease duration.
     */
    public void releaseLease(AppRef app) {
        lease.release(app, config.identity());
    }

    /**
     * Renews the app's lease, which this engine's identity holds while it drives: a read and a PUT; a lease released
     * meanwhile stays free (see {@link AppLease#renewUnlessReleased}).
     *
     * @throws LeaseHeldException when another identity took it over
     */
    public void renewLease(AppRef app) {
        lease.renewUnlessReleased(app, config.identity());
    }

    /**
     * Keeps renewing the app's lease, while this engine's identity holds it, until {@link LeaseHold#close}: for a
     * caller that holds the lease across several operations and the waits between them (a rollback drill).
     */
    public LeaseHold holdLease(AppRef app) {
        return LeaseRenewals.during(this, app)::cancel;
    }

    /** {@link AppLease#renewWithoutWaiting} for this engine's identity. */
    CompletableFuture<Boolean> renewLeaseWithoutWaiting(AppRef app) {
        return lease.renewWithoutWaiting(app, config.identity());
    }

    /** Whether this engine wrote the state ConfigMap at {@code resourceVersion}: a watcher ignores its own writes. */
    public boolean wroteState(String resourceVersion) {
        return store.wrote(resourceVersion);
    }

    /** The app's state as the cluster holds it. */
    public DeliveryState status(AppRef app) {
        return store.load(app).state();
    }

    /** Who drives the app now, if anyone. */
    public Optional<AppLease.Holder> leaseHolder(AppRef app) {
        return lease.holder(app);
    }

    private Wait idle(RolloutContext ctx) {
        var sd = ctx.state().scaleDown();
        Rollout r = ctx.rollout();
        return Wait.done(sd == null ? null : sd.at(), r == null ? "no rollout" : r.message());
    }

    private static boolean judgedByResume(Rollout r) {
        if (!(r.spec() != null && r.spec().strategySpec() instanceof CanarySpec c) || r.stepIndex() >= c.steps().size()) {
            return false;
        }
        CanaryStep step = c.steps().get(r.stepIndex());
        if (step instanceof CanaryStep.Pause p) {
            return p.indefinite();
        }
        return step instanceof CanaryStep.Analysis a && (ManualApproval.of(step).isPresent()
                || AnalysisJudge.decide(a.policy(), r.currentStepResults(), Analysis.measured(a).size()) == AnalysisJudge.Decision.INCONCLUSIVE);
    }

    private StrategyHandler handler(Strategy s) {
        StrategyHandler h = strategies.get(s);
        if (h == null) {
            throw new ValidationException("strategy", s, "one of " + strategies.keySet());
        }
        return h;
    }

    private static DeliveryState requireKnown(RolloutContext ctx) {
        if (ctx.state().history().isEmpty() && ctx.rollout() == null) {
            throw new ValidationException("app", ctx.app().app(), "an app with delivery state in namespace " + ctx.app().namespace()
                    + " (no ConfigMap " + StateStore.name(ctx.app()) + ")");
        }
        return ctx.state();
    }

    private static Rollout requireInProgress(RolloutContext ctx, String verb) {
        DeliveryState s = requireKnown(ctx);
        if (!s.inProgress()) {
            throw new EngineException("no rollout of " + ctx.app() + " is in progress; nothing to " + verb
                    + (s.rollout() == null ? "" : " (last rollout: " + s.rollout().phase() + ", " + s.rollout().message() + ")"));
        }
        return s.rollout();
    }

    private static String describe(Rollout r) {
        return r.isRollback() ? "rollback to revision " + r.rollbackTo() : r.strategy().label() + " of " + r.image();
    }

    /**
     * Runs {@code op} on a fresh read of the state, again when the state or the Route changed under it.
     * If a conflicting actor ended the rollout after this operation wrote traffic, the routing is put
     * back to what the ended rollout says (100 % on the active slot).
     */
    private Progress withRetries(AppRef app, Function<RolloutContext, Progress> op) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            RolloutContext ctx = new RolloutContext(app, client, config, store, lease, () -> holdLease(app), store.load(app));
            try {
                return op.apply(ctx);
            } catch (StaleStateException | TrafficException e) {
                if (e instanceof TrafficException t && !t.conflict()) {
                    throw t;
                }
                last = e;
                if (ctx.wroteTraffic()) {
                    repairTraffic(app);
                }
            } finally {
                ctx.stopRenewing();
            }
        }
        throw last;
    }

    private void repairTraffic(AppRef app) {
        DeliveryState s = store.load(app).state();
        if (!s.inProgress() && s.activeSlot() != null) {
            RouterKind requested = s.rollout() == null || s.rollout().spec() == null ? null : s.rollout().spec().router();
            config.routers().create(client, app, requested).endRollout(s.activeSlot().resourceName(app.app()));
        }
    }
}
