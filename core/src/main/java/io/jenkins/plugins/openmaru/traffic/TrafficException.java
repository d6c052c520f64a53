package io.jenkins.plugins.openmaru.traffic;

/** A routing write could not be made or did not read back as written. */
public final class TrafficException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrafficException(String message) {
        super(message);
    }

    public TrafficException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the write lost a race (409 Conflict): someone changed the routing object since it was read. */
    public boolean conflict() {
        return getCause() instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409;
    }
}
