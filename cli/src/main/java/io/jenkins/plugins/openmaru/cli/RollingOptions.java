package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.RollingSpec;
import java.util.List;
import picocli.CommandLine.Option;

/** The rolling update's own options, shared by {@code rolling} and {@code plan --strategy rolling}. */
final class RollingOptions {
    static final List<String> NAMES = List.of("--max-surge", "--max-unavailable");

    @Option(names = "--max-surge", paramLabel = "N|P%", description = "Pods above the desired count during the update (default 25%%).")
    String maxSurge;

    @Option(names = "--max-unavailable", paramLabel = "N|P%", description = "Pods that may be unavailable during the update (default 25%%).")
    String maxUnavailable;

    RollingSpec spec(AnalysisOptions analysis) {
        return new RollingSpec(maxSurge, maxUnavailable, analysis.measuringGateSpecs(
                "a rolling update does not pause for approval; for a timed approval use canary --gate manual:TIMEOUT"), analysis.policy());
    }
}
