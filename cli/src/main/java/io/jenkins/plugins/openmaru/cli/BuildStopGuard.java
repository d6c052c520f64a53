package io.jenkins.plugins.openmaru.cli;

import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.image.BuildCreation;
import io.jenkins.plugins.openmaru.image.BuildRun;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a kill) during {@code openmaru build}, from before the request that creates the Build until the command
 * stops following it: a stop before that request lets no Build be created; one during it waits for its answer; one
 * after it cancels the Build in the cluster, as {@code oc cancel-build} does, before the process ends. Each says so.
 */
final class BuildStopGuard implements BuildCreation, AutoCloseable {
    private final OpenShiftClient client;
    private final BuildSpec spec;
    private final PrintWriter err;
    private final Thread hook = new Thread(this::stop, "openmaru-ctrl-c");
    /** Counted down once the create request was answered or failed, or will not be sent. */
    private final CountDownLatch settled = new CountDownLatch(1);
    /** Counted down once the hook has done and said what it did, so the session stays open until then. */
    private final CountDownLatch reported = new CountDownLatch(1);
    // Guarded by this: what the main thread has got to when a stop signal comes.
    private boolean stopping;
    private boolean creating;
    private String build;

    BuildStopGuard(OpenShiftClient client, BuildSpec spec, PrintWriter err) {
        this.client = client;
        this.spec = spec;
        this.err = err;
        StopSignal.watch();
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public synchronized void creating() {
        if (stopping) {
            throw new CancellationException(StopSignal.verb() + " before the build was created");
        }
        creating = true;
    }

    @Override
    public synchronized void created(String buildName) {
        build = buildName;
        settled.countDown();
    }

    /** The start returned or failed: no Build will be created from now on. */
    void settled() {
        settled.countDown();
    }

    /** Whether a stop signal came; if so, waits until the hook has cancelled the build and said so. */
    boolean stopped() throws InterruptedException {
        synchronized (this) {
            if (!stopping) {
                return false;
            }
        }
        reported.await();
        return true;
    }

    private void stop() {
        boolean inFlight;
        synchronized (this) {
            stopping = true;
            inFlight = creating && build == null && settled.getCount() > 0;
        }
        try {
            if (inFlight) {
                err.println("openmaru: " + StopSignal.verb() + " while the build was being created; cancelling it once the cluster answers ...");
                err.flush();
                if (!settled.await(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    err.println("openmaru: no answer within " + spec.timeout() + "; a build may be left running (" + listing() + ")");
                    return;
                }
            }
            String name;
            synchronized (this) {
                name = build;
            }
            if (name == null) {
                err.println("openmaru: " + StopSignal.verb() + "; no build was created");
                return;
            }
            cancel(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            err.flush();
            reported.countDown();
        }
    }

    private void cancel(String name) {
        try {
            BuildRun.cancel(client, spec.namespace(), name);
            err.println("openmaru: " + StopSignal.verb() + "; build " + name + " cancelled");
        } catch (RuntimeException e) {
            err.println("openmaru: " + StopSignal.verb() + "; cancelling build " + name + " failed: " + ExitCodes.message(e)
                    + " (run 'oc cancel-build " + name + " -n " + spec.namespace() + "')");
        }
    }

    private String listing() {
        return "oc get builds -l buildconfig=" + spec.app() + " -n " + spec.namespace();
    }

    /** The command no longer follows the build: a stop signal from now on ends the process and nothing else. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it cancels and the JVM exits after it.
        }
    }
}
