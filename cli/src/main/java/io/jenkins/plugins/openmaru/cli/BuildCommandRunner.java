package io.jenkins.plugins.openmaru.cli;

import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.image.BinaryInput;
import io.jenkins.plugins.openmaru.image.BuildFailedException;
import io.jenkins.plugins.openmaru.image.BuildRun;
import io.jenkins.plugins.openmaru.image.S2iBuilder;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one validated build in the foreground: progress and the live build log on stderr, the
 * result on stdout (the pinned image, or one JSON document). Ctrl-C cancels the Build in the
 * cluster before the CLI exits, so no build is left running.
 */
final class BuildCommandRunner {
    private final ClusterSession session;
    private final PrintWriter out;
    private final PrintWriter err;
    /** Set by the Ctrl-C hook; counted down once its cancel is written, so the session stays open until then. */
    private volatile boolean interrupted;
    private final CountDownLatch cancelWritten = new CountDownLatch(1);

    BuildCommandRunner(ClusterSession session, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.out = out;
        this.err = err;
    }

    int run(BuildSpec spec, BinaryInput upload) throws InterruptedException {
        Instant started = Instant.now();
        S2iBuilder builder = new S2iBuilder(session.client().adapt(OpenShiftClient.class));
        String build = null;
        try {
            BuildResult result;
            if (spec.mode() == BuildMode.IMAGE) {
                progress("Importing %s into ImageStream %s:%s in %s ...", spec.image(), spec.app(), spec.outputTag(), spec.namespace());
                result = builder.run(spec, null, this::log);
            } else {
                BuildRun run = builder.start(spec, upload, this::log);
                build = run.buildName();
                progress("Build %s started (%s) in %s; its log follows.", build, describe(spec), spec.namespace());
                result = awaitCancellingOnCtrlC(run);
            }
            progress("%s: %s in %s", build == null ? "Imported" : "Build " + build + " " + BuildPhase.COMPLETE.apiName(),
                    result.image(), Durations.format(result.took().truncatedTo(result.took().toSeconds() > 0 ? ChronoUnit.SECONDS : ChronoUnit.MILLIS)));
            report(spec, build, result.image(), BuildPhase.COMPLETE, result.took(), null);
            return ExitCodes.OK;
        } catch (BuildFailedException e) {
            if (interrupted) {
                return ExitCodes.INTERRUPTED;
            }
            err.println("openmaru: " + e.getMessage());
            err.flush();
            report(spec, build, null, e.phase(), Duration.between(started, Instant.now()), e.getMessage());
            return ExitCodes.ROLLOUT_FAILED;
        } catch (InterruptedException e) {
            // BuildRun cancelled the build before letting the interrupt through.
            err.println("openmaru: interrupted" + (build == null ? "" : "; build " + build + " cancelled"));
            err.flush();
            return ExitCodes.INTERRUPTED;
        }
    }

    private BuildResult awaitCancellingOnCtrlC(BuildRun run) throws InterruptedException {
        Thread onCtrlC = new Thread(() -> cancelOnInterrupt(run), "openmaru-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return run.await();
        } finally {
            if (interrupted) {
                cancelWritten.await();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it cancels and the JVM exits after it.
            }
        }
    }

    /** Ctrl-C (or a kill) while a build runs: cancel it in the cluster, as {@code oc cancel-build} does, before the process ends. */
    private void cancelOnInterrupt(BuildRun run) {
        interrupted = true;
        try {
            run.cancel();
            err.println("openmaru: interrupted; build " + run.buildName() + " cancelled");
        } catch (RuntimeException e) {
            err.println("openmaru: interrupted; cancelling build " + run.buildName() + " failed: " + ExitCodes.message(e)
                    + " (run 'oc cancel-build " + run.buildName() + " -n " + session.namespace() + "')");
        } finally {
            err.flush();
            cancelWritten.countDown();
        }
    }

    private static String describe(BuildSpec spec) {
        if (spec.mode() == BuildMode.SOURCE) {
            return "source " + spec.gitUri() + (spec.gitRef().isEmpty() ? "" : " at " + spec.gitRef())
                    + (spec.contextDir().isEmpty() ? "" : ", context dir " + spec.contextDir());
        }
        return "binary upload";
    }

    private void log(String line) {
        err.println(line);
        err.flush();
    }

    private void progress(String format, Object... args) {
        err.printf(format + "%n", args);
        err.flush();
    }

    /** stdout: the pinned image alone in text mode, so shells can capture it; one JSON document with {@code -o json}. */
    private void report(BuildSpec spec, String build, String image, BuildPhase phase, Duration took, String message) {
        if (session.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("app", spec.app());
            doc.put("namespace", spec.namespace());
            doc.put("mode", spec.mode().name().toLowerCase(Locale.ROOT));
            doc.put("build", build);
            doc.put("image", image);
            doc.put("phase", phase.apiName());
            doc.put("durationMs", took.toMillis());
            if (message != null) {
                doc.put("message", message);
            }
            StatusView.printJson(out, doc);
        } else if (image != null) {
            out.println(image);
            out.flush();
        }
    }
}
