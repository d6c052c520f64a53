package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --gate} and the analysis policy, shared by the rollout commands and {@code plan}. */
final class AnalysisOptions {
    @Option(names = "--gate", paramLabel = "SPEC", completionCandidates = HelpChoices.Gates.class,
            description = "A gate measuring the candidate, one of ${COMPLETION-CANDIDATES}; e.g. http:/health:0.95, or (canary) a timed approval "
                    + "manual[:TIMEOUT[:abort|promote]] (repeatable; docs/gates.md).")
    List<String> gates = new ArrayList<>();

    @Option(names = "--analysis-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "Time between measurement rounds (default ${DEFAULT-VALUE}).")
    String analysisInterval;

    @Option(names = "--analysis-count", paramLabel = "N", defaultValue = "3",
            description = "Passing measurements each gate needs per analysis (default ${DEFAULT-VALUE}).")
    int analysisCount;

    @Option(names = "--failure-limit", paramLabel = "N", defaultValue = "0",
            description = "Failed measurements a gate may have; one more aborts (default ${DEFAULT-VALUE}).")
    int failureLimit;

    /** The gates, a manual one included: in a canary it is an approval (with an optional timeout) after each analysis. */
    List<GateSpec> gateSpecs() {
        return gates.stream().map(GateSpec::parse).toList();
    }

    /** The gates of a strategy that has no approval step: {@code manualAdvice} says what that strategy offers instead. */
    List<GateSpec> measuringGateSpecs(String manualAdvice) {
        List<GateSpec> out = gateSpecs();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).gateKind() == GateKind.MANUAL) {
                throw new ValidationException("--gate", gates.get(i), "a measuring gate; " + manualAdvice);
            }
        }
        return out;
    }

    /**
     * Builds each {@code --gate} as the rollout will, before anything else, so that a gate that can never measure is
     * named as the user wrote it (the engine's own check names the gate's place in the spec); the CLI's remedy for a
     * missing server comes from {@link CliGateCredentials#howToConfigure}.
     */
    void checkBuildable(OpenmaruCommand options) {
        GateFactory factory = new GateFactory(ClusterSession.gateCredentials(options));
        for (String text : gates) {
            GateSpec g = GateSpec.parse(text);
            if (g.gateKind() != GateKind.MANUAL) {
                try {
                    factory.apply(g);
                } catch (ValidationException e) {
                    throw new ValidationException("--gate " + text, e.getMessage());
                }
            }
        }
    }

    AnalysisPolicy policy() {
        return AnalysisPolicy.builder().interval(Durations.parse("analysis-interval", analysisInterval)).count(analysisCount)
                .failureLimit(failureLimit).build();
    }
}
