package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openmaru rollback APP}: an earlier release serves again; break-glass when Jenkins is down. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Make an earlier release serve again: the previous one, or --to-revision N (see 'openmaru history').",
                "Within the warm window this is one Route write. During a rollout it is an abort.",
                "Exit code: 0 rolled back, 1 not rolled back, 2 bad input (e.g. unknown revision), 3 cluster problem."})
public final class RollbackCommand extends AppCommand {
    @Option(names = "--to-revision", paramLabel = "N", description = "The revision to serve again (default: the previous release).")
    Integer toRevision;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; recorded in the history.")
    String comment;

    @Override
    public Integer call() throws InterruptedException {
        return runRollout(s -> ref -> s.engine().rollback(ref, toRevision, ClusterSession.actor(comment)), false,
                Set.of(RolloutPhase.ROLLED_BACK, RolloutPhase.ABORTED));
    }
}
