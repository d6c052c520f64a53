package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openmaru resume APP}: continue a paused rollout, or one whose driver died, and drive it to its end. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue the rollout in progress: after a pause, or when its driver died (once its lease expired), and follow it.",
                "Exit code: 0 promoted, 1 aborted, 2 bad input, 3 cluster problem (e.g. another driver holds the lease), 130 interrupted."})
public final class ResumeCommand extends AppCommand {
    @Option(names = "--detach", description = "Resume and return without following the rollout.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException {
        return runRollout(s -> ref -> s.engine().resume(ref, ClusterSession.actor("")), detach, Set.of(RolloutPhase.PROMOTED));
    }
}
