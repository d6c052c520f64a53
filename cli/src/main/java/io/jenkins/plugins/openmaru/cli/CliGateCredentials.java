package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.ServiceCredential;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The CLI's gate credentials, the same for every service a gate kind names: its URL from
 * {@code $OPENMARU_<SERVICE>_URL} (for Prometheus {@code --prometheus-url} first), its secret from
 * {@code $OPENMARU_<SERVICE>_TOKEN}, sent only to that URL. Secrets stay out of the command line and its history.
 */
final class CliGateCredentials implements GateCredentials {
    private static final String PROMETHEUS = GateKind.PROMETHEUS.service().orElseThrow();

    private final URI prometheusUrl;
    private final UnaryOperator<String> environment;

    /** @param environment reads an environment variable, null when unset */
    CliGateCredentials(URI prometheusUrl, UnaryOperator<String> environment) {
        this.prometheusUrl = prometheusUrl;
        this.environment = environment;
    }

    @Override
    public Optional<ServiceCredential> server(String service) {
        URI url = service.equals(PROMETHEUS) && prometheusUrl != null ? prometheusUrl : url(variable(service, "URL"));
        return url == null ? Optional.empty() : Optional.of(new ServiceCredential(url, environment.apply(variable(service, "TOKEN"))));
    }

    /** The CLI's remedy: its gates are compact forms with no url of their own, so the server comes from here. */
    @Override
    public String howToConfigure(String service) {
        String variables = "set $" + variable(service, "URL") + " (a bearer token, if it needs one, in $" + variable(service, "TOKEN") + ")";
        return service.equals(PROMETHEUS) ? "pass --prometheus-url URL, e.g. --prometheus-url http://prometheus:9090, or " + variables : variables;
    }

    static String variable(String service, String what) {
        return "OPENMARU_" + service.toUpperCase(Locale.ROOT) + "_" + what;
    }

    private URI url(String variable) {
        String text = environment.apply(variable);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI url = URI.create(text.trim());
            if ("http".equals(url.getScheme()) || "https".equals(url.getScheme())) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the parser's message, which may quote the value
        }
        throw new ValidationException("$" + variable, "is not an http(s) URL");
    }
}
