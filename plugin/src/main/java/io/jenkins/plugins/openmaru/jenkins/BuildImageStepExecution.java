package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.image.BinaryInput;
import io.jenkins.plugins.openmaru.image.BuildFailedException;
import io.jenkins.plugins.openmaru.image.BuildRun;
import io.jenkins.plugins.openmaru.image.S2iBuilder;
import io.jenkins.plugins.openmaru.engine.guardrail.Preflight;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.GuardrailRefusedException;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs one {@code openmaruBuild}: the upload (binary mode) and the request that starts the Build run on
 * the shared executor, then a watch on the Build completes the step, so no thread waits while S2I runs.
 * Persists only where the Build is and its name; after a restart it follows the same Build again.
 * Stopping the Jenkins build cancels the Build in the cluster.
 */
final class BuildImageStepExecution extends OnceStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BuildImageStepExecution.class.getName());

    private final String cluster;
    private final String namespace;
    private final String app;
    private final String mode;
    private final long timeoutMillis;
    private volatile String buildName;

    private final transient BuildSpec spec;
    private final transient String path;
    private final transient Workspace.Opener workspace;
    private transient volatile String status;
    private transient volatile boolean stopped;
    private transient volatile BuildRun build;
    private transient volatile CompletableFuture<BuildResult> done;
    private transient TaskListener listener;

    BuildImageStepExecution(StepContext context, AppLocation where, BuildSpec spec, String path, Workspace.Opener workspace) {
        super(context);
        this.cluster = where.cluster();
        this.namespace = where.namespace();
        this.app = where.app().app();
        this.mode = spec.mode().name().toLowerCase(Locale.ROOT);
        this.timeoutMillis = spec.timeout().toMillis();
        this.spec = spec;
        this.path = path;
        this.workspace = workspace;
    }

    @Override
    public boolean start() throws Exception {
        listener = getContext().get(TaskListener.class);
        status = "starting the " + mode + " build of " + where() + " on cluster " + cluster;
        DeliveryExecutor.get().execute(this::begin);
        return false;
    }

    @Override
    public void onResume() {
        status = "resuming after a restart: following build " + buildName + " of " + where();
        DeliveryExecutor.get().execute(this::resume);
    }

    /** The Jenkins build was stopped: cancel the Build in the cluster (as {@code oc cancel-build}), then fail. */
    @Override
    public void stop(Throwable cause) {
        stopped = true;
        status = "stopping: cancelling build " + (buildName == null ? "of " + where() : buildName);
        CompletableFuture<BuildResult> d = done;
        if (d != null) {
            d.cancel(true);
        }
        DeliveryExecutor.get().execute(() -> {
            try {
                cancelOwnBuild();
            } catch (RuntimeException e) {
                log("could not cancel build " + buildName + ": " + e.getMessage());
                LOG.log(Level.WARNING, "cancel of build " + namespace + "/" + buildName + " after the Jenkins build was stopped failed", e);
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

    private synchronized void begin() {
        try {
            OpenShiftClient client = client();
            Preflight.build(client, DeliveryConfiguration.get().find(cluster).guardrailPolicy(), spec).forEach(w -> log(w.message()));
            BinaryInput binary = spec.mode() == BuildMode.BINARY ? workspace.open(getContext(), "path").upload(path) : null;
            S2iBuilder builder = new S2iBuilder(client);
            if (spec.mode() == BuildMode.IMAGE) {
                status = "importing " + spec.image() + " into the ImageStream of " + where();
                succeed(builder.run(spec, null, this::log));
                return;
            }
            if (stopped) {
                return;
            }
            status = spec.mode() == BuildMode.BINARY ? "uploading " + path + " for a binary build of " + where() : "starting a source build of " + where();
            BuildRun started = builder.start(spec, binary, this::logRaw);
            buildName = started.buildName();
            getContext().saveState();
            log("started build " + buildName + " in " + namespace);
            follow(started);
        } catch (Exception e) {
            closeConnection();
            fail(e);
        }
    }

    private synchronized void resume() {
        try {
            listener = getContext().get(TaskListener.class);
            if (buildName == null) {
                closeConnection();
                fail(new AbortException("Jenkins restarted before the " + mode + " build of " + where()
                        + " was created (during the upload or the request that starts it); nothing was built. Run the build again."));
                return;
            }
            log("resumed after a restart: following build " + buildName);
            follow(new S2iBuilder(client()).attach(namespace, app, buildName, Duration.ofMillis(timeoutMillis), this::logRaw));
        } catch (Exception e) {
            closeConnection();
            fail(e);
        }
    }

    private void follow(BuildRun run) {
        build = run;
        status = "waiting for build " + run.buildName() + " of " + where();
        CompletableFuture<BuildResult> d = run.whenDone(DeliveryExecutor.get());
        done = d;
        if (stopped) {
            d.cancel(true);
            return;
        }
        d.whenComplete((result, error) -> {
            if (stopped || error instanceof CancellationException) {
                return;
            }
            closeConnection();
            if (error != null) {
                fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                succeed(result);
            }
        });
    }

    private synchronized void cancelOwnBuild() {
        BuildRun b = build;
        if (b != null) {
            b.cancel();
        } else if (buildName != null) {
            BuildRun.cancel(client(), namespace, buildName);
        } else {
            return;
        }
        log("build stopped: cancelled build " + buildName + " in " + namespace);
    }

    private void succeed(BuildResult result) {
        closeConnection();
        status = "built " + result.image();
        log((result.buildName().isEmpty() ? "imported " : "build " + result.buildName() + " pushed ") + result.image()
                + " in " + result.took().toSeconds() + "s");
        complete(() -> getContext().onSuccess(result.image()));
    }

    private OpenShiftClient client() {
        return connection(new AppLocation(cluster, new AppRef(namespace, app))).client().adapt(OpenShiftClient.class);
    }

    private void fail(Throwable t) {
        // Expected failures read as their message in the build log, without a stack trace.
        Throwable shown = t instanceof ValidationException || t instanceof GuardrailRefusedException || t instanceof BuildFailedException ? new AbortException(t.getMessage()) : t;
        status = mode + " build of " + where() + " failed: " + t.getMessage();
        complete(() -> getContext().onFailure(shown));
    }

    private void log(String line) {
        logRaw("[openmaru] " + line);
    }

    /** A line of the S2I build's own log, as {@code oc logs -f} shows it. */
    private void logRaw(String line) {
        TaskListener l = listener;
        if (l != null) {
            l.getLogger().println(line);
        }
    }

    private String where() {
        return namespace + "/" + app;
    }
}
