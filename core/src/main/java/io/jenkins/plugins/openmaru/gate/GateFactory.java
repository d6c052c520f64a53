package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns validated {@link GateSpec}s into gates; the engine's gate factory. A {@code manual}
 * gate is not a measurement but a pause, which the engine implements itself: it must not pass
 * manual specs here. A gate that cannot be built throws a {@link ValidationException} whose field
 * is the gate's kind; the engine builds every gate when a rollout starts and names the gate's path.
 */
public final class GateFactory implements Function<GateSpec, HealthGate> {

    /** How long one Prometheus query may take. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final GateCredentials credentials;
    /** Asked for only when a gate is built: a command that builds none (status) starts no HTTP client. */
    private final Supplier<HttpClient> http;
    private final Clock clock;

    /**
     * Gates measuring over HTTP, on the one HTTP client of this controller (each client owns a selector thread, and every
     * engine builds a factory).
     *
     * @param credentials where gates get the servers and secrets of the services they ask
     */
    public GateFactory(GateCredentials credentials) {
        this(credentials, () -> SharedHttp.CLIENT, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
    }

    /** Built on first use, so that a controller running no gates starts no selector thread. */
    private static final class SharedHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public GateFactory(GateCredentials credentials, HttpClient http, Clock clock) {
        this(credentials, () -> http, clock);
    }

    private GateFactory(GateCredentials credentials, Supplier<HttpClient> http, Clock clock) {
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public HealthGate apply(GateSpec spec) {
        return switch (spec.gateKind()) {
            case READINESS -> new ReadinessGate(spec, clock);
            case HTTP -> new HttpGate(spec, http.get(), clock);
            case PROMETHEUS -> new PrometheusGate(spec, prometheusFor(spec), clock);
            case COMPARE -> new CompareGate(spec, prometheusFor(spec), clock);
            case WEBHOOK -> new WebhookGate(spec, http.get(), clock);
            case MANUAL -> throw new IllegalArgumentException(
                    "a manual gate is a pause until someone promotes or aborts; the engine waits for it instead of measuring");
            case PIPELINE -> throw new ValidationException("pipeline",
                    "a pipeline gate is the block of openmaruCanary or openmaruBlueGreen; only the Jenkins build that started the rollout runs it");
        };
    }

    private PrometheusClient prometheusFor(GateSpec spec) {
        return new PrometheusClient(http.get(), serviceFor(spec), QUERY_TIMEOUT);
    }

    /**
     * The server a gate asks: its own {@code url}, else the configured server of its kind's service. A secret goes
     * only where it belongs: the gate's own credential to the gate's URL, the configured one to the configured URL.
     */
    private ServiceCredential serviceFor(GateSpec spec) {
        GateKind kind = spec.gateKind();
        String service = kind.service().orElseThrow(() -> new IllegalArgumentException("the " + kind.id() + " gate asks no service"));
        Optional<ServiceCredential> configured = credentials.server(service);
        Optional<URI> own = spec.value("url", URI.class);
        ServiceCredential server = own.map(url -> configured.filter(c -> c.url().equals(url)).orElse(new ServiceCredential(url)))
                .or(() -> configured)
                .orElseThrow(() -> new ValidationException(kind.id(), "no " + Character.toUpperCase(service.charAt(0)) + service.substring(1) + " server URL configured; "
                        + credentials.howToConfigure(service)));
        return spec.value("credentialsId", String.class)
                .map(id -> new ServiceCredential(server.url(), credentials.secret(kind.id() + ".credentialsId", id)))
                .orElse(server);
    }
}
