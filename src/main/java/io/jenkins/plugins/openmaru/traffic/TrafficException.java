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
}
