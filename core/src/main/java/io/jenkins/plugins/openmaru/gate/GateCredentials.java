package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.Optional;

/**
 * The one place gates get the credentials of the services they ask: a gate kind names its service
 * ({@code GateKind.service()}), and a gate may name a credential of its own ({@code credentialsId}). Jenkins
 * resolves them from the cluster's configuration and its credentials store, the CLI from its options and
 * environment; the gates themselves never know where a secret came from.
 */
public interface GateCredentials {

    /** No service configured and no credential store. */
    GateCredentials NONE = service -> Optional.empty();

    /** How a user gives a gate the server of {@code service}, for a message saying none is configured. */
    default String howToConfigure(String service) {
        return "set the gate's url";
    }

    /** The configured server of {@code service} (e.g. {@code prometheus}) with its secret; empty when none is configured. */
    Optional<ServiceCredential> server(String service);

    /**
     * The secret of the credential a gate names.
     *
     * @param field the gate's field, for the error, e.g. {@code prometheus.credentialsId}
     * @throws ValidationException naming {@code field} when there is no such credential
     */
    default String secret(String field, String credentialsId) {
        throw new ValidationException(field, credentialsId, "no credentialsId here: gates name credentials in Jenkins;"
                + " the CLI sends the secret of OPENMARU_<SERVICE>_TOKEN to the service's configured URL");
    }
}
