package io.jenkins.plugins.openmaru.cli;

import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code openmaru rolling APP --image IMG}: one Deployment updated in place, undone automatically when it fails. */
@Command(name = "rolling", mixinStandardHelpOptions = true,
        description = {"Roll IMG out as a rolling update of Deployment APP (maxSurge/maxUnavailable), watched against the progress deadline.",
                "A missed deadline, crash-looping pods or a failing gate put the previous pod template back.",
                "Exit code: 0 done, 1 undone or aborted, 2 bad input, 3 cluster problem, 130 interrupted (the rollout is aborted first; 3 when that abort failed, 0 when a promote came first)."})
public final class RollingCommand implements Callable<Integer> {
    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    RollingOptions rolling;

    @Option(names = "--detach", description = "Start the rollout and return; follow it with 'openmaru status'.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException {
        return RolloutRunner.startRollout(parent, spec, rollout, UnaryOperator.identity(), rolling::spec, detach);
    }
}
