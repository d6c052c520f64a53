package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openmaru.engine.EngineException;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.GuardrailRefusedException;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Performs one engine operation (start a rollout, promote, abort, roll back) and then drives the rollout
 * it leaves until it ends, without holding a thread: the engine's driver wakes it on time, readiness or a
 * change of the state in the cluster (a click on the build page). When another identity holds the lease
 * (a promote while the canary's own build drives), the driver follows the state instead until the rollout ends
 * (on the namespace's shared watch, not by polling), and drives only if that lease expires. Persists only plain values; after a restart it reads the cluster
 * and continues with its own lease identity.
 */
final class DeliveryExecution extends OnceStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DeliveryExecution.class.getName());

    /** The first engine call; not persisted: after a restart the cluster says where things are. */
    @FunctionalInterface
    interface Operation {
        Progress apply(RolloutEngine engine, AppRef app);
    }

    private final String cluster;
    private final String namespace;
    private final String app;
    private final String identity;
    private final String verb;
    private final String approvers;
    private final EnumSet<RolloutPhase> success;
    /** The step's block, the rollout's pipeline gate; null when the step has none. */
    private final PipelineBlock block;
    private int revision;

    private final transient Operation first;
    private transient volatile String status;
    private transient volatile boolean stopped;
    private transient volatile RolloutDriver.Drive drive;
    /**
     * The one engine of this execution (its lease, its own writes, its gates' credentials), on {@link #engineConnection}.
     * Not persisted: after a restart the first use (onResume, or a stop before it) builds it again.
     */
    private transient RolloutEngine engine;
    private transient ClusterConnection engineConnection;
    private transient volatile TaskListener listener;
    private transient String lastLogged;
    private transient boolean following;

    /**
     * @param verb what the step does, for messages: {@code canary}, {@code promote}, ...
     * @param success the final phases that complete the step successfully; any other fails it
     */
    DeliveryExecution(StepContext context, AppLocation where, String identity, String verb, String approvers,
            EnumSet<RolloutPhase> success, Operation first) {
        this(context, where, identity, verb, approvers, success, first, null);
    }

    /** @param block the step's block, run as the rollout's pipeline gate; null when the step has none */
    DeliveryExecution(StepContext context, AppLocation where, String identity, String verb, String approvers,
            EnumSet<RolloutPhase> success, Operation first, PipelineBlock block) {
        super(context);
        this.block = block;
        this.cluster = where.cluster();
        this.namespace = where.namespace();
        this.app = where.app().app();
        this.identity = identity;
        this.verb = verb;
        this.approvers = approvers;
        this.success = EnumSet.copyOf(success);
        this.first = first;
    }

    @Override
    public boolean start() throws Exception {
        listener = getContext().get(TaskListener.class);
        status = "connecting to cluster " + cluster + " for " + where();
        DeliveryExecutor.get().execute(this::begin);
        return false;
    }

    @Override
    public void onResume() {
        status = "resuming after a restart: reading the state of " + where() + " from cluster " + cluster;
        DeliveryExecutor.get().execute(this::resume);
    }

    /**
     * The build was stopped: abort the rollout this step drives (traffic back to stable), then fail the step.
     * Also after a restart before {@link #onResume()}: the build and its log come from the context.
     */
    @Override
    public void stop(Throwable cause) {
        stopped = true;
        status = "stopping: aborting " + verb + " of " + where();
        stopBlock(null, "the build was stopped");
        RolloutDriver.Drive d = drive;
        if (d != null) {
            d.cancel();
        }
        DeliveryExecutor.get().execute(() -> {
            try {
                if (listener == null) {
                    listener = getContext().get(TaskListener.class);
                }
                abortOwnRollout(cause);
            } catch (Exception e) {
                log("could not abort " + where() + ": " + e.getMessage());
                LOG.log(Level.WARNING, "abort of " + where() + " after the build was stopped failed", e);
            } finally {
                closeConnection();
                fail(cause);
            }
        });
    }

    @Override
    public String getStatus() {
        return status;
    }

    AppLocation location() {
        return new AppLocation(cluster, new AppRef(namespace, app));
    }

    private synchronized void begin() {
        try {
            RolloutEngine engine = engine();
            Progress p = first.apply(engine, appRef());
            onProgress(p);
            if (stopped) {
                return;
            }
            continueWith(engine, p);
        } catch (Exception e) {
            closeConnection();
            fail(e);
        }
    }

    private synchronized void resume() {
        try {
            listener = getContext().get(TaskListener.class);
            RolloutEngine engine = engine();
            DeliveryState s = engine.status(appRef());
            Rollout r = s.rollout();
            if (r != null && (r.revision() == revision || (revision == 0 && identity.equals(r.driver())))) {
                if (revision == 0) {
                    revision = r.revision();
                    getContext().saveState();
                }
                attachAction();
                if (s.inProgress()) {
                    log("resumed after a restart: " + Describe.rollout(r));
                    drive(engine);
                } else {
                    finish(s);
                }
                return;
            }
            Optional<Release> ours = revision == 0 ? Optional.empty() : s.release(revision);
            if (ours.isPresent()) {
                finish(s);
                return;
            }
            closeConnection();
            fail(new AbortException("Jenkins restarted before the " + verb + " of " + where() + " began; nothing was changed in the cluster. "
                    + "Run the build again."));
        } catch (Exception e) {
            closeConnection();
            fail(e);
        }
    }

    private void continueWith(RolloutEngine engine, Progress p) {
        if (p.done()) {
            finish(p.state());
        } else {
            drive(engine);
        }
    }

    private void drive(RolloutEngine engine) {
        RolloutDriver.Drive d = new RolloutDriver(engine, DeliveryExecutor.get()).follow(appRef(), this::onProgress, this::onFollowed);
        drive = d;
        if (stopped) {
            d.cancel();
            return;
        }
        d.done().whenComplete((last, error) -> {
            if (error instanceof CancellationException || stopped) {
                return;
            }
            if (error != null) {
                closeConnection();
                fail(error);
            } else {
                finish(last.state());
            }
        });
    }

    /** A look at a rollout driven by someone else: finish when it ended or another rollout replaced it. */
    private synchronized void onFollowed(RolloutDriver.Followed f) {
        if (stopped || isCompleted()) {
            return;
        }
        DeliveryState s = f.state();
        Rollout r = s.rollout();
        if (!s.inProgress() || r.revision() != revision) {
            drive.cancel();
            finish(s);
            return;
        }
        if (!following) {
            following = true;
            log(where() + " is driven by " + f.holder() + "; following its progress until the rollout ends");
        }
        show(Describe.rollout(r) + (r.message().isEmpty() ? "" : "; " + r.message()) + " (driven by " + f.holder() + ")");
    }

    private void onProgress(Progress p) {
        Rollout r = p.state().rollout();
        stopBlock(r, "the rollout left the analysis step: " + (r == null ? "no rollout" : Describe.rollout(r)));
        if (r != null && revision == 0) {
            revision = r.revision();
            // Pipeline saved this execution when start() returned, before the revision was known.
            getContext().saveState();
            attachAction();
        }
        show(r == null ? p.next().reason() : Describe.progress(r, p.next()));
    }

    private void show(String text) {
        status = text;
        if (!text.equals(lastLogged)) {
            lastLogged = text;
            log(text);
        }
    }

    private void finish(DeliveryState s) {
        stopBlock(null, "the " + verb + " of " + where() + " ended");
        closeConnection();
        try {
            ScaleDowns.schedule(location(), run(), s);
        } catch (RuntimeException e) {
            // the step's result does not depend on it: the next operation on the app scales a due slot down
            LOG.log(Level.WARNING, "could not schedule the scale-down of the warm slot of " + where(), e);
        }
        RolloutPhase phase = finalPhase(s);
        Rollout r = s.rollout() != null && s.rollout().revision() == revision ? s.rollout() : null;
        String message = r == null ? "" : r.message();
        if (phase != null && success.contains(phase)) {
            status = verb + " of " + where() + " ended " + phase;
            log(verb + " of " + where() + " ended " + phase + (message.isEmpty() ? "" : ": " + message));
            complete(() -> getContext().onSuccess(StatusMaps.of(location(), s)));
        } else {
            fail(new AbortException(verb + " of " + where() + " ended " + (phase == null ? "unknown" : phase)
                    + (message.isEmpty() ? "" : ": " + message)));
        }
    }

    private RolloutPhase finalPhase(DeliveryState s) {
        if (s.rollout() != null && s.rollout().revision() == revision) {
            return s.rollout().phase();
        }
        return s.release(revision).map(Release::outcome).map(DeliveryExecution::phaseOf).orElse(null);
    }

    private static RolloutPhase phaseOf(ReleaseOutcome o) {
        return switch (o) {
            case DEPLOYED, PROMOTED -> RolloutPhase.PROMOTED;
            case ABORTED -> RolloutPhase.ABORTED;
            case ROLLED_BACK -> RolloutPhase.ROLLED_BACK;
            // a rollback drill's entry never records a step's own rollout
            case DRILL -> null;
        };
    }

    private synchronized void abortOwnRollout(Throwable cause) {
        RolloutEngine engine = engine();
        DeliveryState s = engine.status(appRef());
        Rollout r = s.rollout();
        if (s.inProgress() && r.revision() == revision && identity.equals(r.driver())) {
            engine.abort(appRef(), new Actor(identity, "build stopped" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())));
            log("build stopped: aborted " + verb + " of " + where() + "; traffic is back on stable");
        }
    }

    private void attachAction() {
        Run<?, ?> run = run();
        if (run != null) {
            DeliveryAction.track(run, new DeliveryTarget(cluster, namespace, app, identity, revision, approvers));
        }
    }

    /** Built once per connection: a connection closed (the step ended) and opened again (a stop afterwards) needs a new one. */
    private synchronized RolloutEngine engine() {
        ClusterConnection c = connection(location());
        if (engine == null || engineConnection != c) {
            engine = block == null ? c.engine(identity) : c.engine(identity, spec -> block.gate(spec.displayName(), () -> {
                RolloutDriver.Drive d = drive;
                if (d != null) {
                    d.kick();
                }
            }));
            engineConnection = c;
        }
        return engine;
    }

    /** Stops the step's block when it runs for anything but {@code current}'s analysis step (null: in any case). */
    private void stopBlock(Rollout current, String why) {
        if (block != null) {
            block.stopUnlessMeasuring(current, why);
        }
    }

    private void fail(Throwable t) {
        stopBlock(null, verb + " of " + where() + " failed");
        // Expected refusals read as one line in the build log, without a stack trace.
        Throwable shown = t instanceof ValidationException || t instanceof GuardrailRefusedException || t instanceof EngineException ? new AbortException(t.getMessage()) : t;
        status = verb + " of " + where() + " failed: " + t.getMessage();
        complete(() -> getContext().onFailure(shown));
    }

    private void log(String line) {
        if (listener != null) {
            listener.getLogger().println("[openmaru] " + line);
        }
    }

    private AppRef appRef() {
        return new AppRef(namespace, app);
    }

    private String where() {
        return namespace + "/" + app;
    }
}
