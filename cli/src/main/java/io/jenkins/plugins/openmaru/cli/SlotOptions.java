package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import picocli.CommandLine.Option;

/** The options of the strategies that run the candidate in the idle slot (canary, bluegreen): a rolling update has neither router nor slots. */
final class SlotOptions {
    @Option(names = "--router", paramLabel = "KIND", defaultValue = "auto", completionCandidates = HelpChoices.Routers.class,
            description = "How traffic moves between the slots APP-blue and APP-green: one of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String router;

    @Option(names = "--scale-down-delay", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long the previous slot stays warm after promotion, for a one-write rollback (default ${DEFAULT-VALUE}).")
    String scaleDownDelay;

    @Option(names = "--bake", paramLabel = "DURATION",
            description = "After promotion, keep measuring the gates on the new stable this long; a failure rolls back to the warm"
                    + " previous slot in one write (at most --scale-down-delay; default: no bake).")
    String bake;

    RolloutSpec.Builder applyTo(RolloutSpec.Builder spec) {
        return spec.router(RouterKind.parse(router))
                .scaleDownDelay(Durations.parse("scale-down-delay", scaleDownDelay))
                .bake(bake == null ? null : Durations.parse("bake", bake));
    }
}
