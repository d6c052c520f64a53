package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * named as the user wrote it, with the CLI's remedy (the engine's own check names the gate's place in the spec).
     */
    void checkBuildable(OpenmaruCommand options) {
        CliGateCredentials credentials = ClusterSession.gateCredentials(options);
        GateFactory factory = new GateFactory(credentials);
        for (String text : gates) {
            GateSpec g = GateSpec.parse(text);
            Optional<String> service = g.gateKind().service();
            if (service.isPresent() && g.param("url", null) == null && credentials.server(service.get()).isEmpty()) {
                throw new ValidationException("--gate " + text, noServer(service.get()));
            }
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

    private static String noServer(String service) {
        String how = "set $" + CliGateCredentials.variable(service, "URL") + " (a bearer token, if it needs one, in $"
                + CliGateCredentials.variable(service, "TOKEN") + ")";
        return service.equals(GateKind.PROMETHEUS.service().orElseThrow())
                ? "no Prometheus server to query; pass --prometheus-url URL, e.g. --prometheus-url http://prometheus:9090, or " + how
                : "no " + service + " server to query; " + how;
    }
}
