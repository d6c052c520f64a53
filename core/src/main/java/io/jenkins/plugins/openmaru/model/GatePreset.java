package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Ready-made Prometheus gates for the two common HTTP metric shapes: Micrometer's
 * {@code http_server_requests_seconds} and the Prometheus client convention
 * {@code http_requests_total} / {@code http_request_duration_seconds}. Series are selected by
 * the labels {@code namespace}, {@code app} and {@code slot} (docs/gates.md shows the relabelling).
 */
public enum GatePreset {
    MICROMETER_SUCCESS_RATE(
            "sum(rate(http_server_requests_seconds_count{%1$s,status!~\"5..\"}[%2$s]))"
                    + " / sum(rate(http_server_requests_seconds_count{%1$s}[%2$s]))",
            ">=", 0.99),
    MICROMETER_P99_LATENCY(
            "histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{%1$s}[%2$s])))",
            "<=", 0.5),
    HTTP_SUCCESS_RATE(
            "sum(rate(http_requests_total{%1$s,code!~\"5..\"}[%2$s]))"
                    + " / sum(rate(http_requests_total{%1$s}[%2$s]))",
            ">=", 0.99),
    HTTP_P99_LATENCY(
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{%1$s}[%2$s])))",
            "<=", 0.5);

    /** Selects the candidate slot's series. */
    static final String SELECTOR = "namespace=\"{{namespace}}\",app=\"{{app}}\",slot=\"{{slot}}\"";

    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);

    /** How the CLI's {@code --gate} writes a preset. */
    public static final String COMPACT_FORM = "preset:NAME[:THRESHOLD]";

    private final String template;
    private final String op;
    private final double defaultThreshold;

    GatePreset(String template, String op, double defaultThreshold) {
        this.template = template;
        this.op = op;
        this.defaultThreshold = defaultThreshold;
    }

    /** The name users write, e.g. {@code micrometer-success-rate}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** The PromQL, with placeholders, for a rate window. */
    public String query(Duration rateWindow) {
        return String.format(template, SELECTOR, Durations.format(rateWindow));
    }

    public GateSpec spec() {
        return spec(defaultThreshold, DEFAULT_RATE_WINDOW);
    }

    public GateSpec spec(double threshold, Duration rateWindow) {
        return new GateSpec("prometheus", Map.of(
                "name", id(),
                "query", query(rateWindow),
                "op", op,
                "threshold", Double.toString(threshold)));
    }

    /** Reads {@code NAME[:THRESHOLD]}, the part of {@code preset:...} after the colon. */
    static GateSpec parse(String text) {
        String[] parts = text.split(":", -1);
        GatePreset preset = Arrays.stream(values())
                .filter(p -> p.id().equals(parts[0].trim()))
                .findFirst()
                .orElseThrow(() -> new ValidationException("gate.preset", parts[0],
                        "one of " + Arrays.stream(values()).map(GatePreset::id).toList()));
        if (parts.length > 2) {
            throw new ValidationException("gate.preset", text, "NAME or NAME:THRESHOLD");
        }
        double threshold = parts.length == 2
                ? (Double) GateParam.required("threshold", "a finite number such as 0.99", GateParam::finite).read("preset", parts[1])
                : preset.defaultThreshold;
        return preset.spec(threshold, DEFAULT_RATE_WINDOW);
    }
}
