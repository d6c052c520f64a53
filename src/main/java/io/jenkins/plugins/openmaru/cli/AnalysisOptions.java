package io.jenkins.plugins.openmaru.cli;

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
            description = "A gate measuring the candidate, one of ${COMPLETION-CANDIDATES}; e.g. http:/health:0.95 (repeatable; docs/gates.md).")
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

    List<GateSpec> gateSpecs() {
        List<GateSpec> out = new ArrayList<>();
        for (int i = 0; i < gates.size(); i++) {
            GateSpec g = GateSpec.parse(gates.get(i));
            if (g.gateKind() == GateKind.MANUAL) {
                throw new ValidationException("gate[" + i + "]", gates.get(i), "a measuring gate; for a pause until promoted put 'manual' in --steps");
            }
            out.add(g);
        }
        return out;
    }

    AnalysisPolicy policy() {
        return AnalysisPolicy.builder().interval(Durations.parse("analysis-interval", analysisInterval)).count(analysisCount)
                .failureLimit(failureLimit).build();
    }
}
