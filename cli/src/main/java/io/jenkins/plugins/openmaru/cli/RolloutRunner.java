package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutNarrator;
import io.jenkins.plugins.openmaru.engine.StatusDocument;
import io.jenkins.plugins.openmaru.engine.Wait;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.StrategySpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one engine operation and, in the foreground, drives the rollout to its end with live
 * progress. Ctrl-C while it runs aborts the rollout (traffic back to stable) before the CLI exits.
 */
final class RolloutRunner {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ClusterSession session;
    private final PrintWriter out;
    private final PrintWriter err;
    private final RolloutNarrator narrator = new RolloutNarrator(CLOCK::format);
    private String lastWait;
    /** Set by the Ctrl-C hook; counted down once its abort is written, so the session stays open until then. */
    private volatile boolean interrupted;
    private final CountDownLatch abortWritten = new CountDownLatch(1);
    /** Counted down once the command has printed its end, so a halt after Ctrl-C does not cut it off. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private static final Duration FINISH_GRACE = Duration.ofSeconds(3);
    /** Under the text of a progress line, past its clock and action columns. */
    private static final String HINT_INDENT = " ".repeat(20);

    RolloutRunner(ClusterSession session, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.out = out;
        this.err = err;
    }

    /** What {@code canary}, {@code blue-green} and {@code rolling} do: start the rollout with {@code strategy} (and {@code slots}' options) and follow it. */
    static int startRollout(OpenmaruCommand parent, CommandSpec command, RolloutOptions rollout, UnaryOperator<RolloutSpec.Builder> slots,
            Function<AnalysisOptions, StrategySpec> strategy, boolean detach) throws InterruptedException {
        rollout.analysis.checkBuildable(parent);
        // Opening the session reads the kubeconfig only; the spec is validated before the first request.
        try (ClusterSession session = new ClusterSession(parent)) {
            RolloutSpec s = slots.apply(rollout.spec(session.namespace())).strategy(strategy.apply(rollout.analysis)).build();
            return new RolloutRunner(session, command.commandLine().getOut(), command.commandLine().getErr()).run(s.target(),
                    () -> session.engine().start(s, ClusterSession.actor("")), detach, Set.of(RolloutPhase.PROMOTED));
        }
    }

    /** Prints, from now on, only what changes: not the events the app's rollout already has (one read; none when the app has no state yet). */
    void skipPast(AppRef app) {
        DeliveryState before;
        try {
            before = session.engine().status(app);
        } catch (ValidationException noStateYet) {
            return;
        }
        narrator.skip(before.rollout());
    }

    /**
     * @param operation the engine call that starts or changes the rollout
     * @param detach return after {@code operation} instead of driving the rollout to its end
     * @param success the final phases that count as done (exit 0); any other final phase exits 1
     */
    int run(AppRef app, Supplier<Progress> operation, boolean detach, Set<RolloutPhase> success) throws InterruptedException {
        try {
            Progress p;
            try {
                p = operation.get();
                show(p);
                if (!detach && !p.done()) {
                    p = drive(app);
                }
            } finally {
                releaseLease(app);
            }
            return finish(app, p.state(), detach && !p.done() ? null : success);
        } finally {
            finished.countDown();
        }
    }

    /** Whatever ends this command (done, detached, failed), it drives no more: the next driver need not wait for the lease to expire. */
    private void releaseLease(AppRef app) {
        try {
            session.engine().releaseLease(app);
        } catch (RuntimeException e) {
            err.println("openmaru: note: could not give up the lease of " + app + " (" + ExitCodes.message(e) + "); it expires on its own");
            err.flush();
        }
    }

    private Progress drive(AppRef app) throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "openmaru-driver");
            t.setDaemon(true);
            return t;
        });
        RolloutDriver.Drive drive = new RolloutDriver(session.engine(), scheduler).drive(app, this::show);
        StopSignal.watch();
        Thread onCtrlC = new Thread(() -> abortOnInterrupt(app, drive), "openmaru-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            Progress last = drive.done().get();
            awaitAbortIfInterrupted();
            return last;
        } catch (CancellationException e) {
            awaitAbortIfInterrupted();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it aborts and the JVM exits after it.
            }
            scheduler.shutdownNow();
        }
    }

    /** Ctrl-C (or a kill, recorded as terminated) during a foreground rollout: traffic back to stable before the process ends. */
    private void abortOnInterrupt(AppRef app, RolloutDriver.Drive drive) {
        if (drive.done().isDone()) {
            return;
        }
        interrupted = true;
        int exit;
        try {
            Progress p = session.engine().abort(app, ClusterSession.actor(StopSignal.reason()));
            err.println("openmaru: " + StopSignal.verb() + "; " + p.state().rollout().message());
            exit = ExitCodes.INTERRUPTED;
        } catch (RuntimeException e) {
            exit = FailedAbort.report(session.engine(), app, e, err);
        } finally {
            err.flush();
            abortWritten.countDown();
            drive.cancel();
        }
        if (exit != ExitCodes.INTERRUPTED) {
            // After a signal the JVM exits 130 whatever the command returns: only a halt can report what the cluster ended with.
            try {
                finished.await(FINISH_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(exit);
        }
    }

    private void awaitAbortIfInterrupted() throws InterruptedException {
        if (interrupted) {
            abortWritten.await();
        }
    }

    private synchronized void show(Progress p) {
        if (session.json()) {
            return;
        }
        narrator.lines(p).forEach(out::println);
        if (p.next().kind() == Wait.Kind.MANUAL && !p.next().reason().equals(lastWait)) {
            RolloutNarrator.wrap(CLOCK.format(Instant.now()) + "  ", "waiting   " + p.next().reason()).forEach(out::println);
            out.println(HINT_INDENT + "go on:   " + session.command("promote", p.app().app()));
            out.println(HINT_INDENT + "go back: " + session.command("abort", p.app().app()) + "  (or Ctrl-C here)");
        }
        lastWait = p.next().reason();
        out.flush();
    }

    /** Prints the final status (JSON: the status document) and returns the exit code. */
    private int finish(AppRef app, DeliveryState s, Set<RolloutPhase> success) {
        Map<String, Object> status = StatusDocument.read(session.engine(), app, s);
        if (session.json()) {
            StatusView.printJson(out, status);
        } else {
            out.println();
            StatusView.printStatusText(out, status, s);
        }
        if (success == null) {
            return ExitCodes.OK;
        }
        return s.rollout() != null && success.contains(s.rollout().phase()) ? ExitCodes.OK : ExitCodes.ROLLOUT_FAILED;
    }
}
