package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blue/green: the candidate runs in the idle slot at 0 % while it is tested (through the preview
 * Route and the gates), then takes 100 % in one switch.
 *
 * @param previewRoute whether Route {@code <app>-preview} points at the candidate slot (OpenShift only)
 * @param autoPromote promote without a person once the candidate is ready and the gates passed
 * @param autoPromoteAfter with {@code autoPromote}: how long the ready candidate waits before the switch (null = at once)
 * @param gates measured against the candidate slot before it may be promoted; empty = readiness only
 * @param analysis how the gates are measured; null = {@link AnalysisPolicy#DEFAULT}
 */
public record BlueGreenSpec(boolean previewRoute, boolean autoPromote, Duration autoPromoteAfter, List<GateSpec> gates,
                            AnalysisPolicy analysis) implements StrategySpec {

    public BlueGreenSpec {
        if (autoPromoteAfter != null) {
            Durations.requireNonNegative("autoPromoteAfter", autoPromoteAfter);
            if (!autoPromote) {
                throw new ValidationException("autoPromoteAfter", Durations.format(autoPromoteAfter),
                        "a duration only together with autoPromote: true (without it the rollout waits for promote)");
            }
        }
        gates = List.copyOf(gates == null ? List.of() : gates);
        analysis = analysis == null ? AnalysisPolicy.DEFAULT : analysis;
    }

    /** Preview Route on, no gates, waits for promote. */
    public static BlueGreenSpec defaults() {
        return new BlueGreenSpec(true, false, null, List.of(), null);
    }

    public BlueGreenSpec withPreviewRoute(boolean on) {
        return new BlueGreenSpec(on, autoPromote, autoPromoteAfter, gates, analysis);
    }

    /** Promotes automatically {@code after} the candidate is ready (null = at once). */
    public BlueGreenSpec withAutoPromote(Duration after) {
        return new BlueGreenSpec(previewRoute, true, after, gates, analysis);
    }

    public BlueGreenSpec withGates(AnalysisPolicy policy, List<GateSpec> g) {
        return new BlueGreenSpec(previewRoute, autoPromote, autoPromoteAfter, g, policy);
    }

    /** The gates as an analysis step, measured before the candidate counts as ready. */
    public CanaryStep.Analysis analysisStep() {
        return new CanaryStep.Analysis(gates, analysis);
    }

    @Override
    public Strategy strategy() {
        return Strategy.BLUE_GREEN;
    }

    @Override
    public Optional<CanaryStep.Analysis> bakeAnalysis() {
        return gates.isEmpty() ? Optional.empty() : StrategySpec.measuredOnly(analysisStep());
    }

    @Override
    public Map<String, GateSpec> gatesByField() {
        return StrategySpec.byField("gates", gates);
    }
}
