package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.CanarySpec;
import picocli.CommandLine.Option;

/** The canary's own option, shared by {@code canary} and {@code plan --strategy canary}. */
final class CanaryOptions {
    static final String STEPS = "--steps";

    @Option(names = STEPS, paramLabel = "STEPS", defaultValue = "10,50,100",
            description = "Weights and waits: " + CanarySteps.ALLOWED + " (default ${DEFAULT-VALUE}).")
    String steps;

    CanarySpec spec(AnalysisOptions analysis) {
        return new CanarySpec(CanarySteps.parse(steps, analysis.gateSpecs(), analysis.policy()));
    }
}
