package io.jenkins.plugins.openmaru.engine;

/** The state ConfigMap changed since it was read (resourceVersion conflict); re-read and decide again. */
public final class StaleStateException extends EngineException {
    private static final long serialVersionUID = 1L;

    public StaleStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
