package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.gate.PrometheusClient.PrometheusException;
import io.jenkins.plugins.openmaru.gate.PrometheusClient.Series;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Canary versus stable on the same metric (Kayenta-like): samples of both slots from a range
 * query, a two-sided Mann–Whitney U test, then the direction and size of the difference.
 * Not significant, or a change in the harmless direction: PASS. Significant and harmful with a
 * mean ratio of at least {@code effectSize}: FAIL. Significant but smaller: INCONCLUSIVE (marginal).
 */
final class CompareGate implements HealthGate {

    private final String name;
    private final PrometheusClient prometheus;
    private final Clock clock;
    private final String query;
    private final Duration window;
    private final Duration step;
    private final String direction;
    private final double effectSize;
    private final double alpha;
    private final int minSamples;

    CompareGate(GateSpec spec, PrometheusClient prometheus, Clock clock) {
        this.name = spec.displayName();
        this.prometheus = prometheus;
        this.clock = clock;
        this.query = spec.require("query", String.class);
        this.window = spec.require("window", Duration.class);
        this.step = spec.require("step", Duration.class);
        this.direction = spec.require("direction", String.class);
        this.effectSize = spec.require("effectSize", Double.class);
        this.alpha = spec.require("alpha", Double.class);
        this.minSamples = spec.require("minSamples", Integer.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        Instant now = clock.instant();
        String canaryQuery = QueryTemplate.render(query, context, context.candidateSlot());
        String what = "candidate " + canaryQuery + " versus stable over " + window.toSeconds() + "s at " + prometheus.where();
        if (context.stableSlot() == null) {
            return new GateResult(name, Verdict.INCONCLUSIVE, what + "; no stable slot to compare with", now);
        }
        String stableQuery = QueryTemplate.render(query, context, context.stableSlot());
        double[] canary;
        double[] stable;
        try {
            canary = samples(canaryQuery, now);
            stable = samples(stableQuery, now);
        } catch (PrometheusException e) {
            return new GateResult(name, Verdict.ERROR, what + "; " + e.getMessage(), now);
        }
        String counts = String.format("%d candidate and %d stable samples", canary.length, stable.length);
        if (canary.length < minSamples || stable.length < minSamples) {
            return new GateResult(name, Verdict.INCONCLUSIVE, what + "; " + counts + ", fewer than minSamples " + minSamples, now);
        }
        MannWhitney test = MannWhitney.test(canary, stable);
        double canaryMean = mean(canary);
        double stableMean = mean(stable);
        boolean higher = test.z() > 0;
        boolean harmful = direction.equals("either") || direction.equals("increase") == higher;
        double effect = higher ? ratio(canaryMean, stableMean) : ratio(stableMean, canaryMean);
        String stats = String.format("%s; mean candidate %s, stable %s; U=%s, z=%s, p=%s (alpha %s); effect %s (effectSize %s, bad direction: %s)",
                counts, Evidence.number(canaryMean), Evidence.number(stableMean), Evidence.number(test.u()),
                Evidence.number(test.z()), Evidence.number(test.p()), Evidence.number(alpha), Evidence.number(effect),
                Evidence.number(effectSize), direction);
        Verdict verdict;
        String meaning;
        if (test.p() >= alpha) {
            verdict = Verdict.PASS;
            meaning = "no significant difference";
        } else if (!harmful) {
            verdict = Verdict.PASS;
            meaning = "candidate significantly " + (higher ? "higher" : "lower") + ", a harmless direction";
        } else if (effect >= effectSize) {
            verdict = Verdict.FAIL;
            meaning = "candidate significantly " + (higher ? "higher" : "lower") + " by at least the effect size";
        } else {
            verdict = Verdict.INCONCLUSIVE;
            meaning = "marginal: candidate significantly " + (higher ? "higher" : "lower") + " but below the effect size";
        }
        return new GateResult(name, verdict, what + "; " + meaning + "; " + stats, now);
    }

    /** Every finite sample of every series the query returns. */
    private double[] samples(String q, Instant now) throws PrometheusException {
        List<Series> series = prometheus.range(q, now.minus(window), now, step);
        return series.stream().flatMap(s -> s.values().stream()).mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** How many times larger {@code a} is than {@code b}; for non-negative metrics such as latencies and error rates. */
    private static double ratio(double a, double b) {
        if (b == 0) {
            return a == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        return a / b;
    }
}
