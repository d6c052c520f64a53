package io.jenkins.plugins.openmaru.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rolling update: one Deployment {@code <app>} replaced in place by Kubernetes' own rolling update.
 * A candidate not available within the progress deadline, crash-looping pods or a failing gate roll
 * the Deployment back to the previous pod template.
 *
 * @param maxSurge pods above the desired count during the update: an integer or a percentage ({@code 25%})
 * @param maxUnavailable pods below the desired count during the update: an integer or a percentage
 * @param gates measured against Service {@code <app>} once the update is complete; a FAILED analysis rolls back
 * @param analysis how the gates are measured; null = {@link AnalysisPolicy#DEFAULT}
 */
public record RollingSpec(String maxSurge, String maxUnavailable, List<GateSpec> gates, AnalysisPolicy analysis) implements StrategySpec {

    public static final String DEFAULT_MAX_SURGE = "25%";
    public static final String DEFAULT_MAX_UNAVAILABLE = "25%";
    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,6})(%?)");
    private static final String ALLOWED = "a non-negative integer (pods) or a percentage from 0% to 100%, e.g. 1 or 25%";

    public RollingSpec {
        maxSurge = amount("maxSurge", maxSurge == null ? DEFAULT_MAX_SURGE : maxSurge);
        maxUnavailable = amount("maxUnavailable", maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable);
        if (isZero(maxSurge) && isZero(maxUnavailable)) {
            throw new ValidationException("maxUnavailable", maxUnavailable, "a value above 0 when maxSurge is 0 (otherwise no pod could ever be replaced)");
        }
        gates = List.copyOf(gates == null ? List.of() : gates);
        analysis = analysis == null ? AnalysisPolicy.DEFAULT : analysis;
    }

    public static RollingSpec defaults() {
        return new RollingSpec(null, null, List.of(), null);
    }

    public RollingSpec withGates(AnalysisPolicy policy, List<GateSpec> g) {
        return new RollingSpec(maxSurge, maxUnavailable, g, policy);
    }

    /** The gates as an analysis step, measured once the update is complete. */
    public CanaryStep.Analysis analysisStep() {
        return new CanaryStep.Analysis(gates, analysis);
    }

    @Override
    public Strategy strategy() {
        return Strategy.ROLLING;
    }

    @Override
    public Map<String, GateSpec> gatesByField() {
        return StrategySpec.byField("gates", gates);
    }

    private static String amount(String field, String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches() || (!m.group(2).isEmpty() && Integer.parseInt(m.group(1)) > 100)) {
            throw new ValidationException(field, text, ALLOWED);
        }
        return Integer.parseInt(m.group(1)) + m.group(2);
    }

    private static boolean isZero(String amount) {
        return amount.equals("0") || amount.equals("0%");
    }
}
