package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A command about one app: promote, abort, rollback, resume, status, history. */
abstract class AppCommand implements Callable<Integer> {
    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    /** Runs {@code operation} and follows the rollout to its end in the foreground. */
    int runRollout(Function<ClusterSession, Function<AppRef, Progress>> operation, boolean detach, Set<RolloutPhase> success)
            throws InterruptedException {
        try (ClusterSession session = new ClusterSession(parent)) {
            AppRef ref = session.app(app);
            RolloutRunner runner = new RolloutRunner(session, spec.commandLine().getOut(), spec.commandLine().getErr());
            runner.skipPast(ref);
            return runner.run(ref, () -> operation.apply(session).apply(ref), detach, success);
        }
    }
}
