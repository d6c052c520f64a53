package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.Durations;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Blue/green's own options, shared by {@code blue-green} and {@code plan --strategy blue-green}. */
final class BlueGreenOptions {
    static final List<String> NAMES = List.of("--auto-promote", "--auto-promote-after", "--no-preview-route");

    @Option(names = "--auto-promote", description = "Switch as soon as the candidate is available and its gates passed.")
    boolean autoPromote;

    @Option(names = "--auto-promote-after", paramLabel = "DURATION", description = "With the gates passed, switch after this long (implies --auto-promote).")
    String autoPromoteAfter;

    @Option(names = "--no-preview-route", description = "Do not point Route APP-preview at the candidate.")
    boolean noPreviewRoute;

    BlueGreenSpec spec(AnalysisOptions analysis) {
        Duration after = autoPromoteAfter == null ? null : Durations.parse("auto-promote-after", autoPromoteAfter);
        return new BlueGreenSpec(!noPreviewRoute, autoPromote || after != null, after, analysis.measuringGateSpecs(
                "blue-green waits for 'openmaru promote' (or abort) on its own, and --auto-promote-after DURATION promotes on a timer"), analysis.policy());
    }
}
