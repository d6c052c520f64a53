package io.jenkins.plugins.openmaru.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code openmaru canary APP --image IMG --steps ...}: a canary rollout, driven in the foreground unless detached. */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Roll IMG out as a canary: move traffic to it step by step, measuring its gates; promote after the last step.",
                "The first rollout of an app deploys straight to 100 %%. Re-running the same command continues the rollout.",
                "Exit code: 0 promoted, 1 aborted, 2 bad input, 3 cluster problem, 130 interrupted (the rollout is aborted first; 3 when that abort failed, 0 when a promote came first)."})
public final class CanaryCommand implements Callable<Integer> {
    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    SlotOptions slots;

    @Mixin
    CanaryOptions canary;

    @Option(names = "--detach", description = "Start the rollout and return; follow it with 'openmaru status', continue it with 'openmaru resume'.")
    boolean detach;

    @Override
    public Integer call() throws InterruptedException {
        return RolloutRunner.startRollout(parent, spec, rollout, slots::applyTo, canary::spec, detach);
    }
}
