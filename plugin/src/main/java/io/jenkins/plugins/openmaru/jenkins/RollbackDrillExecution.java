package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.jenkins.plugins.openmaru.engine.EngineException;
import io.jenkins.plugins.openmaru.engine.drill.DrillHtmlReport;
import io.jenkins.plugins.openmaru.engine.drill.DrillJUnitReport;
import io.jenkins.plugins.openmaru.engine.drill.DrillJsonReport;
import io.jenkins.plugins.openmaru.engine.drill.DrillReports;
import io.jenkins.plugins.openmaru.engine.drill.RollbackDrill;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs one drill on the shared delivery pool, never on the CPS thread, and holds none of its threads while a
 * slot scales up. Persists the step's arguments and,
 * once planned, the revision serving before the drill: after a restart or a stop it puts that revision
 * back (the drill's measurements are lost then, and the step fails saying so).
 */
final class RollbackDrillExecution extends OnceStepExecution {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String namespace;
    private final String app;
    private final String actor;
    private final String identity;
    private final Integer toRevision;
    private final String maxTimeToRestore;
    private final ArrayList<String> gates;
    private final boolean rollForward;
    private final String environment;
    private final boolean dryRun;
    private final String timeout;
    private final String reportDir;
    private volatile int servingBefore;

    private transient volatile String status;
    private transient volatile boolean stopped;
    private transient volatile RollbackDrill drill;
    private transient volatile CompletableFuture<DrillResult> result;

    /** @param build the build's identity, {@code jenkins:<job>#<n>}: the actor in the history; the drill's lease holder is {@code drill:<build>} */
    RollbackDrillExecution(StepContext context, AppLocation where, String build, RollbackDrillStep step) {
        super(context);
        this.cluster = where.cluster();
        this.namespace = where.namespace();
        this.app = where.app().app();
        this.actor = build;
        this.identity = "drill:" + build;
        this.toRevision = step.getToRevision();
        this.maxTimeToRestore = step.getMaxTimeToRestore();
        this.gates = new ArrayList<>(step.getGates());
        this.rollForward = step.isRollForward();
        this.environment = step.getEnvironment();
        this.dryRun = step.isDryRun();
        this.timeout = step.getTimeout();
        this.reportDir = step.getReportDir();
    }

    @Override
    public boolean start() throws Exception {
        if (reportDir != null && getContext().get(FilePath.class) == null) {
            throw new AbortException("reportDir: " + reportDir + " needs a workspace; run openmaruRollbackDrill inside node { }");
        }
        status = "rollback drill of " + where() + ": planning";
        DeliveryExecutor.get().execute(this::drill);
        return false;
    }

    /** Jenkins restarted during the drill: put back the release that served before it, then fail. */
    @Override
    public void onResume() {
        status = "resuming after a restart: putting back what served before the drill of " + where();
        DeliveryExecutor.get().execute(() -> interrupted(new AbortException("Jenkins restarted during the rollback drill of " + where()
                + "; its measurements are lost. Run the drill again.")));
    }

    /** The build was stopped: the drill abandons a restore still waiting for its slot, then what it changed is put back. */
    @Override
    public void stop(Throwable cause) {
        stopped = true;
        status = "stopping the rollback drill of " + where();
        RollbackDrill d = drill;
        CompletableFuture<DrillResult> r = result;
        if (d != null) {
            d.stop();
        }
        if (r != null) {
            r.whenCompleteAsync((x, e) -> interrupted(cause), DeliveryExecutor.get());
        } else {
            DeliveryExecutor.get().execute(() -> interrupted(cause));
        }
    }

    @Override
    public String getStatus() {
        return status;
    }

    /** Plans and starts the drill; it goes on without holding a pool thread while a slot scales up. */
    private void drill() {
        AppLocation where = new AppLocation(cluster, new AppRef(namespace, app));
        ClusterConnection c = null;
        try {
            c = DeliveryConfiguration.get().connect(where, run());
            RollbackDrill d = new RollbackDrill(c.engine(identity));
            DrillSpec spec = spec();
            DrillPlan plan = d.plan(spec);
            servingBefore = plan.serving().revision();
            // Pipeline saved this execution when start() returned; without this a restart would not know what to put back.
            getContext().saveState();
            plan.steps().forEach(s -> log("plan: " + s));
            status = "rollback drill of " + where() + ": " + (dryRun ? "planned" : "rolling back to revision " + plan.target().revision());
            if (stopped) {
                c.close();
                return;
            }
            drill = d;
            ClusterConnection connection = c;
            CompletableFuture<DrillResult> r = d.start(spec, Actor.of(actor), DeliveryExecutor.get());
            result = r;
            if (stopped) {
                d.stop();
            }
            r.whenCompleteAsync((done, error) -> {
                connection.close();
                if (!stopped) {
                    finished(done, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                }
            }, DeliveryExecutor.get());
        } catch (Exception e) {
            if (c != null) {
                c.close();
            }
            finished(null, e);
        }
    }

    private void finished(DrillResult r, Throwable error) {
        if (error instanceof ValidationException || error instanceof EngineException) {
            fail(new AbortException(error.getMessage()));
            return;
        }
        if (error != null) {
            fail(error);
            return;
        }
        try {
            r.phases().forEach(p -> log(p.phase().label() + " " + p.outcome() + ": " + p.message()));
            log("drill " + r.outcome() + ": " + r.message());
            List<String> files = writeReports(r);
            if (r.outcome().failed()) {
                fail(new AbortException("rollback drill of " + where() + " " + r.outcome() + ": " + r.message()));
            } else {
                status = "rollback drill of " + where() + " " + r.outcome();
                complete(() -> getContext().onSuccess(resultMap(r, files)));
            }
        } catch (Exception e) {
            fail(e);
        }
    }

    private DrillSpec spec() {
        return DrillSpec.builder(namespace, app).toRevision(toRevision).maxTimeToRestore(maxTimeToRestore).gates(gates)
                .rollForward(rollForward).environment(environment).dryRun(dryRun).timeout(timeout).build();
    }

    private List<String> writeReports(DrillResult result) throws Exception {
        if (reportDir == null) {
            return List.of();
        }
        FilePath dir = getContext().get(FilePath.class).child(reportDir);
        dir.mkdirs();
        String base = DrillReports.baseName(result);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(base + ".json", DrillJsonReport.render(result));
        files.put(base + ".xml", DrillJUnitReport.render(result));
        files.put(base + ".html", DrillHtmlReport.render(result));
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            dir.child(f.getKey()).write(f.getValue(), "UTF-8");
            written.add(reportDir + "/" + f.getKey());
        }
        log("reports: " + String.join(", ", written));
        return written;
    }

    /** The drill was cut short: whatever it changed is put back before the step fails. */
    private void interrupted(Throwable cause) {
        AppLocation where = new AppLocation(cluster, new AppRef(namespace, app));
        if (servingBefore > 0 && !dryRun) {
            try (ClusterConnection c = DeliveryConfiguration.get().connect(where, run())) {
                log(new RollbackDrill(c.engine(identity)).recover(where.app(), servingBefore, new Actor(actor, "rollback drill interrupted")));
            } catch (RuntimeException e) {
                log("could not put back revision " + servingBefore + " of " + where() + ": " + e.getMessage());
            }
        }
        fail(cause);
    }

    static Map<String, Object> resultMap(DrillResult r, List<String> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("namespace", r.app().namespace());
        m.put("app", r.app().app());
        m.put("environment", r.plan().environment());
        m.put("outcome", r.outcome().name());
        m.put("message", r.message());
        m.put("servingRevision", r.servingRevision());
        m.put("servingImage", r.servingImage());
        m.put("maxTimeToRestoreMillis", r.plan().maxTimeToRestore().toMillis());
        m.put("plan", new ArrayList<>(r.plan().steps()));
        List<Map<String, Object>> phases = new ArrayList<>();
        for (DrillPhaseResult p : r.phases()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("phase", p.phase().label());
            pm.put("outcome", p.outcome().name());
            pm.put("message", p.message());
            pm.put("fromRevision", p.fromRevision());
            pm.put("toRevision", p.toRevision());
            pm.put("scaledUp", p.scaledUp());
            pm.put("toAvailableMillis", millis(p.timings().toAvailable()));
            pm.put("toTrafficWriteMillis", millis(p.timings().toTrafficWrite()));
            pm.put("writeToVerifiedMillis", millis(p.timings().writeToVerified()));
            pm.put("timeToRestoreMillis", millis(p.timings().timeToRestore()));
            phases.add(pm);
        }
        m.put("phases", phases);
        m.put("reports", new ArrayList<>(files));
        return m;
    }

    private static Long millis(Optional<Duration> d) {
        return d.map(Duration::toMillis).orElse(null);
    }

    private void fail(Throwable t) {
        status = "rollback drill of " + where() + " failed: " + t.getMessage();
        complete(() -> getContext().onFailure(t));
    }

    private void log(String line) {
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            if (listener != null) {
                listener.getLogger().println("[openmaru] " + line);
            }
        } catch (Exception e) {
            // the log is gone with the build; nothing else to tell
        }
    }

    private String where() {
        return namespace + "/" + app;
    }
}
