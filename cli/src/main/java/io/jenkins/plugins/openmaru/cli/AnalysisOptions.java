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
    @Option(names = "--gate", paramLabel = "SPEC",
            description = "A gate measuring the candidate, e.g. http:/health:0.95 or prometheus:QUERY<0.05, or (canary) a timed approval "
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
        GateFactory factory = ClusterSession.gates(options);
        for (String text : gates) {
            GateSpec g = GateSpec.parse(text);
            boolean queriesPrometheus = g.gateKind() == GateKind.PROMETHEUS || g.gateKind() == GateKind.COMPARE;
            if (queriesPrometheus && g.param("url", null) == null && options.prometheusUrl == null) {
                throw new ValidationException("--gate " + text, "no Prometheus server to query; pass --prometheus-url URL, e.g. --prometheus-url "
                        + "http://prometheus:9090 (a bearer token, if it needs one, in $" + ClusterSession.PROMETHEUS_TOKEN_ENV + ")");
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
        return new AnalysisPolicy(Durations.parse("analysis-interval", analysisInterval), analysisCount, failureLimit,
                AnalysisPolicy.DEFAULT.inconclusiveLimit(), AnalysisPolicy.DEFAULT.consecutiveErrorLimit(), AnalysisPolicy.DEFAULT.onInconclusive());
    }
}
