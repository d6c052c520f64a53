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
import java.util.concurrent.CancellationException;

/**
 * Runs one validated build in the foreground: progress and the live build log on stderr, the
 * result on stdout (the pinned image, or one JSON document). Ctrl-C cancels the Build in the
 * cluster before the CLI exits, so no build is left running ({@link BuildStopGuard}).
 */
final class BuildCommandRunner {
    private final ClusterSession session;
    private final PrintWriter out;
    private final PrintWriter err;

    BuildCommandRunner(ClusterSession session, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.out = out;
        this.err = err;
    }

    int run(BuildSpec spec, BinaryInput upload) throws InterruptedException {
        Instant started = Instant.now();
        S2iBuilder builder = new S2iBuilder(session.client().adapt(OpenShiftClient.class));
        String build = null;
        BuildStopGuard guard = null;
        try {
            BuildResult result;
            if (spec.mode() == BuildMode.IMAGE) {
                progress("Importing %s into ImageStream %s:%s in %s ...", spec.image(), spec.app(), spec.outputTag(), spec.namespace());
                result = builder.run(spec, null, this::log);
            } else {
                try (BuildStopGuard g = new BuildStopGuard(session.client().adapt(OpenShiftClient.class), spec, err)) {
                    guard = g;
                    BuildRun run = start(builder, spec, upload, g);
                    build = run.buildName();
                    progress("Build %s started (%s) in %s; its log follows.", build, describe(spec), spec.namespace());
                    result = run.await();
                }
            }
            progress("%s: %s in %s", build == null ? "Imported" : "Build " + build + " " + BuildPhase.COMPLETE.apiName(),
                    result.image(), Durations.format(result.took().truncatedTo(result.took().toSeconds() > 0 ? ChronoUnit.SECONDS : ChronoUnit.MILLIS)));
            report(spec, build, result.image(), BuildPhase.COMPLETE, result.took(), null);
            return ExitCodes.OK;
        } catch (CancellationException stoppedBeforeCreating) {
            // A stop signal came before the Build's creation: the guard refused it, and its hook says so.
            return ExitCodes.INTERRUPTED;
        } catch (BuildFailedException e) {
            if (guard != null && guard.stopped()) {
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

    private BuildRun start(S2iBuilder builder, BuildSpec spec, BinaryInput upload, BuildStopGuard guard) {
        try {
            return builder.start(spec, upload, this::log, guard);
        } finally {
            guard.settled();
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
