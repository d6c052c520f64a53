package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.gate.PrometheusClient.PrometheusException;
import io.jenkins.plugins.openmaru.gate.PrometheusClient.Series;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares the candidate's value of a PromQL query with a threshold. Every series must satisfy
 * the comparison; no series, NaN or an infinity is INCONCLUSIVE, never PASS.
 */
final class PrometheusGate implements HealthGate {

    private final String name;
    private final PrometheusClient prometheus;
    private final Clock clock;
    private final String query;
    private final String op;
    private final double threshold;
    private final Optional<Duration> window;
    private final Duration step;
    private final String aggregate;

    PrometheusGate(GateSpec spec, PrometheusClient prometheus, Clock clock) {
        this.name = spec.displayName();
        this.prometheus = prometheus;
        this.clock = clock;
        this.query = spec.require("query", String.class);
        this.op = spec.require("op", String.class);
        this.threshold = spec.require("threshold", Double.class);
        this.window = spec.value("window", Duration.class);
        this.step = spec.require("step", Duration.class);
        this.aggregate = spec.require("aggregate", String.class);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        String rendered = QueryTemplate.render(query, context, context.candidateSlot());
        Instant now = clock.instant();
        String what = window.map(w -> aggregate + " over " + w.toSeconds() + "s of ").orElse("") + "query " + rendered
                + " at " + prometheus.where() + ", healthy when value " + op + " " + Evidence.number(threshold);
        List<Series> series;
        try {
            series = window.isPresent()
                    ? prometheus.range(rendered, now.minus(window.get()), now, step)
                    : prometheus.instant(rendered, now);
        } catch (PrometheusException e) {
            return new GateResult(name, Verdict.ERROR, what + "; " + e.getMessage(), now);
        }
        if (series.isEmpty()) {
            return new GateResult(name, Verdict.INCONCLUSIVE, what + "; no data: the query returned no series", now);
        }
        List<String> seen = new ArrayList<>();
        boolean broken = false;
        boolean undecided = false;
        for (Series s : series) {
            double v = reduce(s.values());
            boolean finite = Double.isFinite(v);
            boolean healthy = finite && satisfies(v);
            undecided |= !finite;
            broken |= finite && !healthy;
            seen.add(Evidence.labels(s.labels()) + " = " + Evidence.number(v)
                    + (finite ? healthy ? " ok" : " breaks the threshold" : " (no number)"));
        }
        Verdict verdict = broken ? Verdict.FAIL : undecided ? Verdict.INCONCLUSIVE : Verdict.PASS;
        return new GateResult(name, verdict, what + "; " + String.join("; ", seen), now);
    }

    private double reduce(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return switch (aggregate) {
            case "min" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case "max" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case "last" -> values.get(values.size() - 1);
            default -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        };
    }

    private boolean satisfies(double v) {
        return switch (op) {
            case "<" -> v < threshold;
            case "<=" -> v <= threshold;
            case ">" -> v > threshold;
            default -> v >= threshold;
        };
    }
}
