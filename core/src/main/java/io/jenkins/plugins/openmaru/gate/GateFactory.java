package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * Turns validated {@link GateSpec}s into gates; the engine's gate factory. A {@code manual}
 * gate is not a measurement but a pause, which the engine implements itself: it must not pass
 * manual specs here. A gate that cannot be built throws a {@link ValidationException} whose field
 * is the gate's kind; the engine builds every gate when a rollout starts and names the gate's path.
 */
public final class GateFactory implements Function<GateSpec, HealthGate> {

    /** How long one Prometheus query may take. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final PrometheusServer prometheus;
    private final HttpClient http;
    private final Clock clock;

    /**
     * Gates measuring over HTTP, on the one HTTP client of this controller (each client owns a selector thread, and every
     * engine builds a factory).
     *
     * @param prometheus the server queries go to when a gate names no {@code url}; null when none is configured
     */
    public GateFactory(PrometheusServer prometheus) {
        this(prometheus, SharedHttp.CLIENT, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /** Built on first use, so that a controller running no gates starts no selector thread. */
    private static final class SharedHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public GateFactory(PrometheusServer prometheus, HttpClient http, Clock clock) {
        this.prometheus = prometheus;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public HealthGate apply(GateSpec spec) {
        return switch (spec.gateKind()) {
            case READINESS -> new ReadinessGate(spec, clock);
            case HTTP -> new HttpGate(spec, http, clock);
            case PROMETHEUS -> new PrometheusGate(spec, prometheusFor(spec), clock);
            case COMPARE -> new CompareGate(spec, prometheusFor(spec), clock);
            case WEBHOOK -> new WebhookGate(spec, http, clock);
            case MANUAL -> throw new IllegalArgumentException(
                    "a manual gate is a pause until someone promotes or aborts; the engine waits for it instead of measuring");
            case PIPELINE -> throw new ValidationException("pipeline",
                    "a pipeline gate is the block of openmaruCanary or openmaruBlueGreen; only the Jenkins build that started the rollout runs it");
        };
    }

    /** The gate's own {@code url}, or the configured server. The configured token only goes to the configured URL. */
    private PrometheusClient prometheusFor(GateSpec spec) {
        String kind = spec.gateKind().id();
        PrometheusServer server = spec.value("url", URI.class)
                .map(url -> prometheus != null && prometheus.url().equals(url) ? prometheus : new PrometheusServer(url))
                .orElse(prometheus);
        if (server == null) {
            throw new ValidationException(kind, "no Prometheus server URL configured; set the gate's url (e.g. http://prometheus:9090), "
                    + "openmaru --prometheus-url, or the cluster's Prometheus URL in the Jenkins configuration");
        }
        return new PrometheusClient(http, server, QUERY_TIMEOUT);
    }
}
