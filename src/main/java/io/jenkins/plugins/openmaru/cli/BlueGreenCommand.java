package io.jenkins.plugins.openmaru.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code openmaru blue-green APP --image IMG}: the candidate is tested at 0 %, then takes 100 % in one switch. */
@Command(name = "blue-green", aliases = "bluegreen", mixinStandardHelpOptions = true,
        description = {"Roll IMG out blue/green: it starts in the idle slot at 0 % (Route APP-preview reaches it), its gates measure it,",
                "then it takes 100 % in one Route write, on 'openmaru promote APP' or at once with --auto-promote.",
                "Exit code: 0 promoted, 1 aborted, 2 bad input, 3 cluster problem, 130 interrupted (the rollout is aborted first; 3 when that abort failed, 0 when a promote came first)."})
public final class BlueGreenCommand implements Callable<Integer> {
    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    BlueGreenOptions blueGreen;

    @Option(names = "--detach", description = "Start the rollout and return; follow it with 'openmaru status'.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException {
        return RolloutRunner.startRollout(parent, spec, rollout, blueGreen::spec, detach);
    }
}
