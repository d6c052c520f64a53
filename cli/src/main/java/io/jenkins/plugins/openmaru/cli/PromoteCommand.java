package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openmaru promote APP}: skip the remaining steps; the candidate takes 100 %. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Promote the rollout in progress: the candidate takes 100 %% now and its slot becomes active.",
                "Exit code: 0 promoted, 1 not promoted, 2 bad input, 3 cluster problem or no rollout in progress."})
public final class PromoteCommand extends AppCommand {
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; recorded in the history.")
    String comment;

    @Override
    public Integer call() throws InterruptedException {
        return runRollout(s -> ref -> s.engine().promote(ref, ClusterSession.actor(comment)), false, Set.of(RolloutPhase.PROMOTED));
    }
}
