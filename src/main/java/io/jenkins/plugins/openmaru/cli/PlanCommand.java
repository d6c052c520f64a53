package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code openmaru plan APP --strategy canary ...}: the timeline a rollout would follow. A dry run: no cluster, no writes. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print the timeline a rollout would follow: weights, pauses, gates, and its worst-case duration.",
                "Writes nothing and needs no cluster. Exit code: 0, 2 bad input."})
public final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "canary", description = "canary (default).")
    String strategy;

    @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "10,50,100", description = "As for 'openmaru canary'.")
    String steps;

    @Mixin
    AnalysisOptions analysis;

    @Option(names = "--progress-deadline", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long the candidate may take to become available (default ${DEFAULT-VALUE}).")
    String progressDeadline;

    @Override
    public Integer call() {
        if (!"canary".equals(strategy)) {
            throw new ValidationException("strategy", strategy, "canary");
        }
        AnalysisPolicy policy = analysis.policy();
        List<GateSpec> gates = analysis.gateSpecs();
        CanarySpec canary = new CanarySpec(CanarySteps.parse(steps, gates, policy));
        Duration deadline = Durations.parse("progress-deadline", progressDeadline);
        List<Map<String, Object>> timeline = new ArrayList<>();
        Duration worst = deadline;
        boolean manual = false;
        timeline.add(entry(1, "deploy the candidate into the idle slot; wait until available", 0, deadline));
        int weight = 0;
        for (int i = 0; i < canary.steps().size(); i++) {
            CanaryStep s = canary.steps().get(i);
            Duration d = Duration.ZERO;
            if (s instanceof CanaryStep.SetWeight w) {
                weight = w.weight();
            } else if (s instanceof CanaryStep.Pause p) {
                manual |= p.indefinite();
                d = p.indefinite() ? null : p.duration();
            } else if (s instanceof CanaryStep.Analysis a) {
                d = analysisWorstCase(a.policy());
            }
            timeline.add(entry(i + 2, s.describe() + (s instanceof CanaryStep.Analysis a ? " " + names(a.gates()) : ""), weight, d));
            worst = d == null ? worst : worst.plus(d);
        }
        timeline.add(entry(canary.steps().size() + 2, "promote: the candidate takes 100 %, its slot becomes active", 100, Duration.ZERO));
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("app", app);
        plan.put("strategy", strategy);
        plan.put("timeline", timeline);
        plan.put("worstCase", Durations.format(worst) + (manual ? " plus the time until someone promotes" : ""));
        plan.put("writes", 0);
        PrintWriter out = spec.commandLine().getOut();
        if (parent.output == OpenmaruCommand.Output.json) {
            StatusView.printJson(out, plan);
        } else {
            out.printf("Plan for %s (%s); nothing is written.%n", app, strategy);
            for (Map<String, Object> e : timeline) {
                out.printf("  %2s. weight %3s%%  %-70s %s%n", e.get("step"), e.get("weight"), e.get("what"),
                        e.get("atMost") == null ? "until promoted" : "at most " + e.get("atMost"));
            }
            out.printf("Worst case: %s%n", plan.get("worstCase"));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * The longest an analysis can run before it decides: every gate needs {@code count} decisive
     * rounds and may use up its failure, inconclusive and error allowances on the way; the first round is at once.
     */
    static Duration analysisWorstCase(AnalysisPolicy p) {
        return p.interval().multipliedBy(p.count() + p.failureLimit() + p.inconclusiveLimit() + p.consecutiveErrorLimit() - 1L);
    }

    private static String names(List<GateSpec> gates) {
        return gates.stream().map(GateSpec::displayName).toList().toString();
    }

    private static Map<String, Object> entry(int step, String what, int weight, Duration atMost) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("what", what);
        m.put("weight", weight);
        m.put("atMost", atMost == null ? null : Durations.format(atMost));
        return m;
    }
}
