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
        description = {"Roll IMG out blue/green: it starts in the idle slot at 0 %%, then takes 100 %% in one switch on 'openmaru promote APP'.",
                "Route APP-preview reaches the candidate while its gates measure it; --auto-promote switches as soon as they passed.",
                "Exit code: 0 promoted, 1 aborted, 2 bad input, 3 cluster problem, 130 interrupted (the rollout is aborted first; 3 when that abort failed, 0 when a promote came first)."})
public final class BlueGreenCommand implements Callable<Integer> {
    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    SlotOptions slots;

    @Mixin
    BlueGreenOptions blueGreen;

    @Option(names = "--detach", description = "Start the rollout and return; follow it with 'openmaru status'.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException {
        return RolloutRunner.startRollout(parent, spec, rollout, slots::applyTo, blueGreen::spec, detach);
    }
}
