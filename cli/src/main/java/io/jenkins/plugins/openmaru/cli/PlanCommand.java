package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.cli.plan.CurrentState;
import io.jenkins.plugins.openmaru.cli.plan.PlanView;
import io.jenkins.plugins.openmaru.cli.plan.Plans;
import io.jenkins.plugins.openmaru.cli.plan.RolloutPlan;
import io.jenkins.plugins.openmaru.engine.AppLease;
import io.jenkins.plugins.openmaru.engine.GateCheck;
import io.jenkins.plugins.openmaru.engine.RouterGuard;
import io.jenkins.plugins.openmaru.engine.StrategyGuard;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.StrategySpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code openmaru plan APP --strategy canary|blue-green|rolling --image IMG ...}: the timeline the same
 * rollout command would follow, from the app's current state when the cluster can be read. GETs only.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print the timeline a rollout would follow: weights, pauses, gates, the switch, and its worst-case duration.",
                "Takes the options of the canary, blue-green or rolling command. Reads the app's current state when the cluster "
                        + "can be reached (GET requests only) and writes nothing.",
                "Exit code: 0, 2 bad input."})
public final class PlanCommand implements Callable<Integer> {
    private static final Map<Strategy, List<String>> OWN_OPTIONS = Map.of(
            Strategy.CANARY, List.of(CanaryOptions.STEPS),
            Strategy.BLUE_GREEN, BlueGreenOptions.NAMES,
            Strategy.ROLLING, RollingOptions.NAMES);

    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "canary", completionCandidates = HelpChoices.Strategies.class,
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); the other options are that command's.")
    String strategy;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    SlotOptions slots;

    @Mixin
    CanaryOptions canary;

    @Mixin
    BlueGreenOptions blueGreen;

    @Mixin
    RollingOptions rolling;

    @Override
    public Integer call() {
        Strategy chosen = strategy();
        rollout.analysis.checkBuildable(parent);
        ClusterSession session = null;
        String unreadable = null;
        try {
            session = new ClusterSession(parent);
        } catch (ValidationException | KubernetesClientException e) {
            unreadable = ExitCodes.message(e);
        }
        try {
            String namespace = session != null ? session.namespace() : parent.namespace != null ? parent.namespace : "default";
            RolloutSpec.Builder b = rollout.spec(namespace);
            RolloutSpec s = (chosen == Strategy.ROLLING ? b : slots.applyTo(b)).strategy(strategySpec(chosen)).build();
            // the same check the rollout command makes before its first write, e.g. a prometheus gate without --prometheus-url
            GateCheck.buildAll(s, ClusterSession.gates(parent));
            CurrentState now = session == null ? CurrentState.unknown(unreadable) : read(session, s);
            RolloutPlan plan = Plans.of(s, now);
            GuardrailListing guardrails = GuardrailListing.of(session, s);
            if (parent.output == OpenmaruCommand.Output.json) {
                StatusView.printJson(spec.commandLine().getOut(), guardrails.addTo(PlanView.document(plan)));
            } else {
                PlanView.printText(spec.commandLine().getOut(), plan);
                guardrails.printText(spec.commandLine().getOut());
            }
            return ExitCodes.OK;
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private Strategy strategy() {
        Strategy chosen = Strategy.parse("strategy", strategy);
        for (Map.Entry<Strategy, List<String>> e : OWN_OPTIONS.entrySet()) {
            for (String option : e.getValue()) {
                if (e.getKey() != chosen && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new ValidationException(option.substring(2), spec.commandLine().getParseResult().matchedOptionValue(option, (Object) "on"),
                            "an option of --strategy " + e.getKey().label() + " only");
                }
            }
        }
        return chosen;
    }

    private StrategySpec strategySpec(Strategy s) {
        return switch (s) {
            case CANARY -> canary.spec(rollout.analysis);
            case BLUE_GREEN -> blueGreen.spec(rollout.analysis);
            case ROLLING -> rolling.spec(rollout.analysis);
        };
    }

    /** The app's state, its lease holder and the replicas the candidate replaces; a cluster that cannot be read leaves it unknown. */
    private static CurrentState read(ClusterSession session, RolloutSpec s) {
        AppRef app = s.target();
        try {
            DeliveryState state = session.engine().status(app);
            // the checks the rollout command makes before its first write
            StrategyGuard.check(state, s);
            RouterGuard.check(session.client(), s);
            String driver = session.engine().leaseHolder(app).filter(h -> !h.expiredAt(Instant.now())).map(AppLease.Holder::identity).orElse(null);
            String deployment = s.strategy() == Strategy.ROLLING ? app.app()
                    : state.activeSlot() == null ? null : state.activeSlot().resourceName(app.app());
            Deployment d = deployment == null ? null
                    : session.client().apps().deployments().inNamespace(app.namespace()).withName(deployment).get();
            return CurrentState.of(state, d == null ? null : SlotWorkloads.replicasOf(d), driver);
        } catch (KubernetesClientException e) {
            return CurrentState.unknown(ExitCodes.message(e));
        }
    }
}
