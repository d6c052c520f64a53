package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Run;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.ServiceCredential;
import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Gate credentials in Jenkins: the cluster's Prometheus (its URL and token credential, resolved when the engine
 * is built), and the Secret text credential a gate names with {@code credentialsId}, looked up for the run so a
 * folder's credentials serve that folder's jobs.
 */
final class ClusterGateCredentials implements GateCredentials {
    private static final String PROMETHEUS = GateKind.PROMETHEUS.service().orElseThrow();

    private final ServiceCredential prometheus;
    private final CredentialLookup credentials;
    private final Run<?, ?> run;

    /** @param prometheus the cluster's Prometheus; null when none is configured */
    ClusterGateCredentials(ServiceCredential prometheus, CredentialLookup credentials, Run<?, ?> run) {
        this.prometheus = prometheus;
        this.credentials = credentials;
        this.run = run;
    }

    @Override
    public Optional<ServiceCredential> server(String service) {
        return service.equals(PROMETHEUS) ? Optional.ofNullable(prometheus) : Optional.empty();
    }

    @Override
    public String secret(String field, String credentialsId) {
        if (!(credentials.find(credentialsId, run) instanceof StringCredentials secret)) {
            throw new ValidationException(field, credentialsId, "a Secret text credential visible to this job");
        }
        return secret.getSecret().getPlainText();
    }

    @Override
    public String howToConfigure(String service) {
        return GateCredentials.super.howToConfigure(service) + " (with its credentialsId if the server wants a token)"
                + (service.equals(PROMETHEUS) ? " or the cluster's Prometheus URL in the Jenkins configuration" : "");
    }
}
