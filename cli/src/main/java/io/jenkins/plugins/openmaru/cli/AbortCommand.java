package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openmaru abort APP}: traffic back to stable in one write; the candidate is kept for inspection. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = {"Abort the rollout in progress: all traffic back to stable in one write; the candidate keeps running for inspection.",
                "Exit code: 0 aborted, 2 bad input, 3 cluster problem or no rollout in progress."})
public final class AbortCommand extends AppCommand {
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; recorded in the history.")
    String comment;

    @Override
    public Integer call() throws InterruptedException {
        return runRollout(s -> ref -> s.engine().abort(ref, ClusterSession.actor(comment)), false, Set.of(RolloutPhase.ABORTED));
    }
}
