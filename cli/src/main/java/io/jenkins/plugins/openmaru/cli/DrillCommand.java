package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.engine.drill.DrillJsonReport;
import io.jenkins.plugins.openmaru.engine.drill.DrillReports;
import io.jenkins.plugins.openmaru.engine.drill.RollbackDrill;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openmaru drill APP}: a rollback drill from cron or a terminal (docs/drills.md). */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Rollback drill: roll back to the previous release (or --to-revision), verify it serves, roll forward, "
                + "verify again, and measure each restore against --max-time-to-restore.",
                "An earlier release that fails a gate before the switch never gets traffic: the drill is ABORTED and the "
                        + "current release keeps serving.",
                "Exit code: 0 passed or planned (--dry-run), 1 failed or aborted, 2 bad input, 3 cluster problem or refused "
                        + "(a rollout is in progress; the message names its driver)."})
public final class DrillCommand extends AppCommand {
    /** How long Ctrl-C waits for the drill to end on its own before putting the earlier release back itself. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(30);

    @Option(names = "--to-revision", paramLabel = "N", description = "The release to roll back to (default: the previous one).")
    Integer toRevision;

    @Option(names = "--max-time-to-restore", paramLabel = "DURATION", description = "Target for each restore, e.g. 30s (default: 2m).")
    String maxTimeToRestore;

    @Option(names = "--gate", paramLabel = "GATE", description = "A further gate in the compact form (repeatable); readiness and "
            + "the app's health URL are always checked.")
    List<String> gates;

    @Option(names = "--no-roll-forward", description = "Leave the earlier release serving after the drill.")
    boolean noRollForward;

    @Option(names = "--environment", paramLabel = "LABEL", description = "A label for the reports, e.g. prod.")
    String environment;

    @Option(names = "--dry-run", description = "Print the plan; write nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait for a release to become available (default: 10m).")
    String timeout;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Write the JSON, JUnit XML and HTML reports here.")
    Path reportDir;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; recorded with the drill in the history.")
    String comment;

    @Override
    public Integer call() throws IOException {
        try (ClusterSession session = new ClusterSession(parent)) {
            AppRef ref = session.app(app);
            DrillSpec drillSpec = DrillSpec.builder(ref.namespace(), ref.app()).toRevision(toRevision).maxTimeToRestore(maxTimeToRestore)
                    .gates(gates).rollForward(!noRollForward).environment(environment).dryRun(dryRun).timeout(timeout).build();
            RollbackDrill drill = new RollbackDrill(session.client(), session.engine().config().withIdentity("drill:" + session.identity()));
            PrintWriter out = spec.commandLine().getOut();
            DrillPlan plan = drill.plan(drillSpec);
            if (!session.json()) {
                plan.steps().forEach(out::println);
                out.flush();
            }
            Actor actor = ClusterSession.actor(comment);
            CountDownLatch ended = new CountDownLatch(1);
            Thread putBack = new Thread(() -> onInterrupt(drill, ended, ref, plan.serving().revision(), actor, spec.commandLine().getErr()),
                    "openmaru-drill-interrupted");
            if (!dryRun) {
                Runtime.getRuntime().addShutdownHook(putBack);
            }
            try {
                DrillResult result = drill.run(drillSpec, actor);
                print(out, result, session.json());
                if (reportDir != null) {
                    List<Path> files = DrillReports.write(result, reportDir);
                    if (!session.json()) {
                        files.forEach(f -> out.println("report     " + f));
                    }
                }
                out.flush();
                return result.outcome().failed() ? ExitCodes.ROLLOUT_FAILED : ExitCodes.OK;
            } finally {
                ended.countDown();
                if (!dryRun) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(putBack);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C: the hook is waiting for this drill to end; the JVM exits after it.
                    }
                }
            }
        }
    }

    /**
     * Ctrl-C: the drill ends at once on its own thread (the JVM keeps it running while this hook waits), putting back
     * the release that served before and recording itself. Only if it does not end in time is that release put back
     * from here.
     */
    private static void onInterrupt(RollbackDrill drill, CountDownLatch ended, AppRef app, int servingBefore, Actor actor, PrintWriter err) {
        drill.stop();
        try {
            if (ended.await(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.println("openmaru: interrupted; " + drill.recover(app, servingBefore, actor));
        err.flush();
    }

    private static void print(PrintWriter out, DrillResult r, boolean json) {
        if (json) {
            out.println(DrillJsonReport.render(r));
            return;
        }
        for (DrillPhaseResult p : r.phases()) {
            out.printf("%-12s %-8s %s%n", p.phase().label(), p.outcome(), p.message());
        }
        out.printf("drill      %s: %s%n", r.outcome(), r.message());
    }
}
