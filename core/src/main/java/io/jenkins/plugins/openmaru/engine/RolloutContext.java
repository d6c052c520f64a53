package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.audit.AuditTrail;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.traffic.TrafficRouter;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One engine operation's view of one app: the state as read (and changed in memory), and the cluster
 * objects to act on. {@link #save()} persists the state with optimistic concurrency; strategies save
 * after each cluster write and before returning a {@link Wait}.
 */
public final class RolloutContext {
    private final AppRef app;
    private final KubernetesClient client;
    private final EngineConfig config;
    private final StateStore store;
    private final AppLease lease;
    private final SlotWorkloads slots;
    /** Starts renewing the lease for the rest of this operation ({@link RolloutEngine#holdLease}). */
    private final Supplier<LeaseHold> renewals;
    private LeaseHold renewing;
    private TrafficRouter router;
    private DeliveryState state;
    private String resourceVersion;
    private boolean dirty;
    private boolean wroteTraffic;
    private boolean unrecorded;
    private final Set<Progress.Effect> effects = EnumSet.noneOf(Progress.Effect.class);
    /** Events appended since the last save: audited once the state that holds them is written. */
    private final List<RolloutEvent> unsaved = new ArrayList<>();

    RolloutContext(AppRef app, KubernetesClient client, EngineConfig config, StateStore store, AppLease lease,
            Supplier<LeaseHold> renewals, StateStore.Snapshot snapshot) {
        this.app = app;
        this.client = client;
        this.config = config;
        this.store = store;
        this.lease = lease;
        this.renewals = renewals;
        this.slots = new SlotWorkloads(client, app);
        this.state = snapshot.state();
        this.resourceVersion = snapshot.resourceVersion();
    }

    public AppRef app() {
        return app;
    }

    public KubernetesClient client() {
        return client;
    }

    public EngineConfig config() {
        return config;
    }

    public SlotWorkloads slots() {
        return slots;
    }

    /** Created on first use, so a rollout that just started gets the router its spec asks for. */
    public TrafficRouter router() {
        if (router == null) {
            Rollout r = state.rollout();
            router = new WriteTrackingRouter(config.routers().create(client, app, r == null || r.spec() == null ? null : r.spec().router()),
                    () -> {
                        beforeTrafficWrite();
                        wroteTraffic = true;
                    });
        }
        return router;
    }

    public DeliveryState state() {
        return state;
    }

    public Rollout rollout() {
        return state.rollout();
    }

    public Instant now() {
        return config.clock().instant();
    }

    /** The Service (and Deployment) name of a slot. */
    public String service(Slot slot) {
        return slot.resourceName(app.app());
    }

    public void update(UnaryOperator<Rollout> change) {
        state = state.withRollout(change.apply(state.rollout()));
        dirty = true;
    }

    public void updateState(UnaryOperator<DeliveryState> change) {
        state = change.apply(state);
        dirty = true;
    }

    /** The rollout this operation started is in the cluster's state only once saved: its first write that moves traffic saves it first. */
    void recordBeforeTraffic() {
        unrecorded = true;
    }

    /**
     * Called before a write that moves traffic (each routing write, a rolling update's Deployment change). A rollout
     * started in this operation is saved first: a driver that dies between the two leaves a state that names the rollout
     * (and the lease its driver held), which a fresh process resumes, rather than traffic on a candidate no state names.
     */
    public void beforeTrafficWrite() {
        if (unrecorded) {
            save();
        }
    }

    /** Notes something this operation did that its {@link Progress} reports ({@link Progress#effects}). */
    void effect(Progress.Effect e) {
        effects.add(e);
    }

    /** Whether this operation has written to the router. */
    boolean wroteTraffic() {
        return wroteTraffic;
    }

    /** Sets what the rollout waits for; no write when it is unchanged. */
    public void message(String text) {
        if (!text.equals(rollout().message())) {
            update(r -> r.withMessage(text, now()));
        }
    }

    /** Appends a timeline event to the current rollout. */
    public void event(Actor actor, String action, String detail) {
        RolloutEvent e = new RolloutEvent(now(), actor.name(), action, actor.comment(), detail);
        update(r -> r.withEvent(e));
        unsaved.add(e);
    }

    /** Persists the in-memory state if it changed. */
    public void save() {
        unrecorded = false;
        if (dirty) {
            StateStore.Snapshot s = store.save(app, state, resourceVersion);
            resourceVersion = s.resourceVersion();
            dirty = false;
            unsaved.forEach(e -> audit().record(app, state.rollout().revision(), e));
            unsaved.clear();
        }
    }

    /** Where decisions are also written as Kubernetes Events. */
    public AuditTrail audit() {
        return new AuditTrail(client, config.identity(), config.notifier());
    }

    /** Saves and describes the result of the operation. */
    public Progress progress(Wait wait) {
        save();
        return new Progress(app, state, resourceVersion, wait, effects);
    }

    /**
     * Takes or renews the app's lease for this engine, and keeps it renewed until this operation ends: nothing else
     * renews it before a driver's renewals begin, and an operation may take longer than the lease (a slow gate).
     */
    public void holdLease() {
        lease.acquire(app, config.identity());
        if (renewing == null) {
            renewing = renewals.get();
        }
    }

    public void releaseLease() {
        stopRenewing();
        lease.release(app, config.identity());
    }

    /** The operation is over: its renewals stop (a driver, if any, renews the lease from here). */
    void stopRenewing() {
        if (renewing != null) {
            renewing.close();
            renewing = null;
        }
    }
}
