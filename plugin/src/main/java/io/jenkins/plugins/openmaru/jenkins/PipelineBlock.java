package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.openmaru.gate.DeferredGate;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.traffic.PreviewRoute;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The block of openmaruCanary or openmaruBlueGreen as the rollout's pipeline gate: one run of the block is one
 * measurement, PASS when it succeeds and FAIL when it fails. The block runs on the Pipeline's own thread (and on
 * whatever agent it asks for); nothing here waits for it: its callback records the result and wakes the rollout's
 * driver. Persisted with the step's execution, and its callback with the block, so after a restart a block that
 * was running still reports to the same object, and an ended one is not run again.
 */
final class PipelineBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(PipelineBlock.class.getName());

    static final String CANDIDATE_URL = "OPENMARU_CANDIDATE_URL";
    static final String PREVIEW_URL = "OPENMARU_PREVIEW_URL";
    static final String WEIGHT = "OPENMARU_WEIGHT";
    static final String STEP = "OPENMARU_STEP";

    private final StepContext context;
    // Rounds are kept as keys, not as the Round record: the Pipeline's program pickle may not support records.
    private String running;
    private int runningRevision;
    private int runningStep;
    private BodyExecution body;
    private String endedRound;
    private Verdict endedVerdict;
    private String endedEvidence;
    private Instant endedAt;
    /** Wakes the rollout's driver; set again after a restart, when the execution drives again. */
    private transient volatile Runnable wake;

    PipelineBlock(StepContext context) {
        this.context = context;
    }

    /** The gate an engine of this step measures the block with. */
    DeferredGate gate(String name, Runnable wake) {
        this.wake = wake;
        return new Gate(name);
    }

    /**
     * Stops the running block unless it measures {@code current}'s current step (the rollout moved on, ended or was
     * aborted); {@code current} null stops it in any case.
     */
    void stopUnlessMeasuring(Rollout current, String why) {
        BodyExecution stopped;
        synchronized (this) {
            if (running == null || (current != null && current.revision() == runningRevision && current.stepIndex() == runningStep
                    && !current.phase().terminal())) {
                return;
            }
            stopped = body;
            running = null;
            body = null;
        }
        if (stopped != null) {
            stopped.cancel(new AbortException(why));
        }
        context.saveState();
    }

    /** Called from the block's callback, on the Pipeline's thread: no I/O here, the rest happens on the delivery threads. */
    void ended(String round, Verdict verdict, String evidence) {
        synchronized (this) {
            if (!round.equals(running)) {
                // stopped, or a round of an earlier step: its outcome measures nothing any more
                return;
            }
            running = null;
            body = null;
            endedRound = round;
            endedVerdict = verdict;
            endedEvidence = evidence;
            endedAt = Instant.now();
        }
        DeliveryExecutor.get().execute(() -> {
            context.saveState();
            Runnable w = wake;
            if (w != null) {
                w.run();
            }
        });
    }

    private synchronized void forget(String round) {
        if (round.equals(running)) {
            running = null;
        }
    }

    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
    }

    private final class Gate implements DeferredGate {
        private final String name;

        Gate(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        /** Outside an analysis round (a drill's check) the block cannot run: the measurement is an ERROR that says so. */
        @Override
        public GateResult evaluate(GateContext context) {
            return new GateResult(name, Verdict.ERROR, "the block of the step runs at its analysis steps only", Instant.now());
        }

        @Override
        public Optional<GateResult> poll(GateContext gc, Round measured) {
            String round = key(measured);
            BodyExecution stale;
            synchronized (PipelineBlock.this) {
                if (round.equals(endedRound)) {
                    return Optional.of(new GateResult(name, endedVerdict, endedEvidence, endedAt));
                }
                if (round.equals(running)) {
                    return Optional.empty();
                }
                stale = body;
            }
            if (stale != null) {
                stale.cancel(new AbortException("a new measurement round began"));
            }
            Map<String, String> vars = variables(gc, measured);
            synchronized (PipelineBlock.this) {
                // before start(): the block may end before start() returns
                running = round;
                runningRevision = measured.revision();
                runningStep = measured.step();
                body = null;
            }
            try {
                BodyExecution started = context.newBodyInvoker()
                        .withContext(new Variables(context.get(EnvironmentExpander.class), vars))
                        .withCallback(new Ended(PipelineBlock.this, round))
                        .withDisplayName("pipeline gate " + name + " (step " + vars.get(STEP) + ", round " + (measured.round() + 1) + ")")
                        .start();
                synchronized (PipelineBlock.this) {
                    if (round.equals(running)) {
                        body = started;
                    }
                }
            } catch (IOException | RuntimeException e) {
                forget(round);
                throw new IllegalStateException("cannot start the block: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                forget(round);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the block", e);
            }
            context.saveState();
            return Optional.empty();
        }
    }

    private static String key(DeferredGate.Round r) {
        return r.revision() + "/" + r.step() + "/" + r.round();
    }

    private static Map<String, String> variables(GateContext gc, DeferredGate.Round round) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(CANDIDATE_URL, String.valueOf(gc.candidateUrl()));
        try {
            PreviewRoute.url(gc.client(), gc.namespace(), gc.app(), Slot.fromLabel(gc.candidateSlot()).resourceName(gc.app()))
                    .ifPresent(u -> vars.put(PREVIEW_URL, u.toString()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "no preview Route of " + gc.namespace() + "/" + gc.app() + " to pass to the block", e);
        }
        vars.put(WEIGHT, Integer.toString(round.weight()));
        // counted from 1, as the build's status shows steps ("step 2/5")
        vars.put(STEP, Integer.toString(round.step() + 1));
        return vars;
    }

    /** The block's environment: the enclosing one (withEnv around the step), then the rollout's variables. */
    static final class Variables extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;
        private final EnvironmentExpander enclosing;
        private final Map<String, String> vars;

        Variables(EnvironmentExpander enclosing, Map<String, String> vars) {
            this.enclosing = enclosing;
            this.vars = new LinkedHashMap<>(vars);
        }

        @Override
        public void expand(EnvVars env) throws IOException, InterruptedException {
            if (enclosing != null) {
                enclosing.expand(env);
            }
            vars.forEach(env::put);
        }
    }

    /** Reports the end of one run of the block; never throws, since a throwing callback would fail the whole step. */
    static final class Ended extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final PipelineBlock block;
        private final String round;

        Ended(PipelineBlock block, String round) {
            this.block = block;
            this.round = round;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            block.ended(round, Verdict.PASS, "the block succeeded");
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            block.ended(round, Verdict.FAIL, "the block failed: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
        }
    }
}
