package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.workload.Availability;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs {@link RolloutEngine#reconcile} for an app whenever its wait is over: at the wait's time, when
 * the candidate Deployment becomes available (watched), and when someone else changes the state
 * ConfigMap (promote, abort, resume from the UI or CLI; seen by the namespace's shared {@link StateInformers}).
 * Between those nothing runs: a paused rollout holds no thread, no connection and sends no request but its
 * lease's renewal ({@link LeaseRenewals}, one PUT every third of the lease). Reconciles of one app never overlap.
 */
public final class RolloutDriver {
    private static final Logger LOG = Logger.getLogger(RolloutDriver.class.getName());
    /** After an unexpected error (API server unreachable), try again this much later. */
    static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(5);
    static final int MAX_CONSECUTIVE_ERRORS = 12;

    private final RolloutEngine engine;
    private final ScheduledExecutorService scheduler;

    public RolloutDriver(RolloutEngine engine, ScheduledExecutorService scheduler) {
        this.engine = engine;
        this.scheduler = scheduler;
    }

    /**
     * Drives the app's rollout to its end. The future completes with the final progress (promoted,
     * aborted or rolled back), or exceptionally when the lease belongs to someone else or the cluster
     * keeps failing. {@code listener} sees every progress, on the scheduler's threads.
     */
    public Drive drive(AppRef app, Consumer<Progress> listener) {
        return start(new Drive(app, listener, null));
    }

    /**
     * Drives the app's rollout to its end as {@link #drive} does, except while another identity holds the lease: then it
     * follows the rollout, {@code followed} seeing its state (from the shared informer's cache) at each change, and takes
     * the rollout over when that lease expires. Following sends no request until the state changes or the lease expires.
     */
    public Drive follow(AppRef app, Consumer<Progress> listener, Consumer<Followed> followed) {
        return start(new Drive(app, listener, followed));
    }

    private Drive start(Drive d) {
        d.keepHandedOverLease();
        d.subscribe();
        d.kick();
        return d;
    }

    /** A rollout another identity drives, as a following drive sees it. */
    public record Followed(DeliveryState state, String holder) {}

    /** One app being driven. Cancel it to stop driving (the rollout stays where it is, in the cluster). */
    public final class Drive {
        private final AppRef app;
        private final Consumer<Progress> listener;
        private final Consumer<Followed> followed;
        private final CompletableFuture<Progress> done = new CompletableFuture<>();
        private boolean running;
        private boolean pending;
        private int errors;
        private ScheduledFuture<?> timer;
        private LeaseRenewals.Renewal renewal;
        /** The lease the caller's operation took (a start), renewed until {@link #renewal} begins. */
        private LeaseHold handedOver;
        private StateInformers.Subscription state;
        private GuardedWatch deploymentWatch;
        private String watchedDeployment;
        /** The state's resourceVersion after this drive's last reconcile. */
        private String lastVersion;

        private Drive(AppRef app, Consumer<Progress> listener, Consumer<Followed> followed) {
            this.app = app;
            this.listener = listener;
            this.followed = followed;
        }

        /**
         * Nothing renews the lease a start took between its end and this drive's first reconcile, which may wait for a thread
         * (a busy executor) or for the API server (its read of the state comes before the lease): until this drive renews the
         * lease itself, it is kept renewed if this engine holds it, and left alone if not.
         */
        private synchronized void keepHandedOverLease() {
            handedOver = engine.holdLease(app);
        }

        /** Before the first reconcile, so that no change after its read goes unseen. */
        private synchronized void subscribe() {
            state = StateInformers.subscribe(engine.client(), app, cm -> stateChanged(cm.getMetadata().getResourceVersion()));
        }

        /**
         * Skips this drive's own writes: the state its last reconcile left, and (while one runs) what this engine writes.
         * Any other write wakes it, even one by this engine from elsewhere (an abort by the same CLI or test).
         */
        private synchronized void stateChanged(String resourceVersion) {
            if (resourceVersion.equals(lastVersion) || running && engine.wroteState(resourceVersion)) {
                return;
            }
            kick();
        }

        public CompletableFuture<Progress> done() {
            return done;
        }

        public AppRef app() {
            return app;
        }

        /** Reconciles now (coalesced with a reconcile already running). */
        public synchronized void kick() {
            if (done.isDone()) {
                return;
            }
            if (running) {
                pending = true;
                return;
            }
            running = true;
            scheduler.execute(this::run);
        }

        public void cancel() {
            done.cancel(false);
            closeAll();
        }

        private void run() {
            Progress p = null;
            Throwable failure = null;
            try {
                p = engine.reconcile(app);
            } catch (LeaseHeldException e) {
                if (followed != null) {
                    follow(e);
                    return;
                }
                failure = e;
            } catch (io.jenkins.plugins.openmaru.model.ValidationException e) {
                failure = e;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reconcile of " + app + " failed; retrying in " + RETRY_AFTER_ERROR, e);
                if (++errors > MAX_CONSECUTIVE_ERRORS) {
                    failure = e;
                }
            }
            synchronized (this) {
                running = false;
                if (failure != null) {
                    done.completeExceptionally(failure);
                    closeAll();
                    return;
                }
                if (p == null) {
                    schedule(Instant.now().plus(RETRY_AFTER_ERROR));
                    return;
                }
                errors = 0;
                lastVersion = p.resourceVersion();
            }
            notify(p);
            synchronized (this) {
                if (p.done()) {
                    closeAll();
                    scheduleHousekeeping(p.next().until());
                    done.complete(p);
                    return;
                }
                plan(p.next());
                if (pending) {
                    pending = false;
                    kick();
                }
            }
        }

        /** Another identity drives: show its state, and try again when its lease would expire (or the state changes). */
        private void follow(LeaseHeldException held) {
            synchronized (this) {
                running = false;
                errors = 0;
                stopRenewing();
                schedule(held.renewedAt().plus(engine.config().leaseDuration()).plus(RETRY_AFTER_ERROR));
            }
            try {
                Optional<ConfigMap> cached = state.cached();
                DeliveryState s = cached.isPresent() ? StateCodec.decode(cached.get().getData()) : engine.status(app);
                followed.accept(new Followed(s, held.holder()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "following " + app + " failed", e);
            }
            synchronized (this) {
                if (pending) {
                    pending = false;
                    kick();
                }
            }
        }

        private void notify(Progress p) {
            try {
                listener.accept(p);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "progress listener failed", e);
            }
        }

        /**
         * Once this drive renews the lease itself and the shared watch is open, it needs to reconcile only at the wait's own
         * time; until then also by the lease renewal the engine asks for.
         */
        private void plan(Wait w) {
            if (done.isDone()) {
                // cancelled while the reconcile ran: a renewal started now would hold the lease for a drive that is gone
                return;
            }
            if (renewal == null) {
                renewal = LeaseRenewals.keep(engine, app, this::kick);
                stopHandedOver();
            }
            Instant at = state.watching() ? w.due() : w.until();
            if (at != null) {
                schedule(at);
            } else if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (w.kind() == Wait.Kind.AVAILABLE) {
                watchDeployment(w.deployment());
            } else {
                closeDeploymentWatch();
            }
        }

        private void schedule(Instant at) {
            if (timer != null) {
                timer.cancel(false);
            }
            long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
            timer = scheduler.schedule(this::kick, delay, TimeUnit.MILLISECONDS);
        }

        private void scheduleHousekeeping(Instant at) {
            if (at == null) {
                return;
            }
            long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
            scheduler.schedule(() -> {
                try {
                    engine.reconcile(app);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "scale-down of " + app + " left for the next operation", e);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }

        private void watchDeployment(String name) {
            if (name.equals(watchedDeployment) && deploymentWatch != null && !deploymentWatch.stale()) {
                return;
            }
            closeDeploymentWatch();
            watchedDeployment = name;
            deploymentWatch = GuardedWatch.open(closed -> engine.client().apps().deployments().inNamespace(app.namespace()).withName(name)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, Deployment d) {
                            if (Availability.isAvailable(d)) {
                                kick();
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            closed.run();
                        }
                    // Once open: the Deployment may have become available between the reconcile and the watch.
                    }), engine.config().leaseDuration(), scheduler, this::kick, lost -> {
                        synchronized (Drive.this) {
                            if (deploymentWatch == lost) {
                                deploymentWatch = null;
                                watchedDeployment = null;
                            }
                        }
                        kick();
                    });
        }

        private void closeDeploymentWatch() {
            if (deploymentWatch != null) {
                GuardedWatch w = deploymentWatch;
                deploymentWatch = null;
                watchedDeployment = null;
                w.close();
            }
        }

        private void stopRenewing() {
            if (renewal != null) {
                renewal.cancel();
                renewal = null;
            }
            stopHandedOver();
        }

        private void stopHandedOver() {
            if (handedOver != null) {
                handedOver.close();
                handedOver = null;
            }
        }

        private synchronized void closeAll() {
            if (timer != null) {
                timer.cancel(false);
            }
            stopRenewing();
            closeDeploymentWatch();
            state.close();
        }
    }
}
