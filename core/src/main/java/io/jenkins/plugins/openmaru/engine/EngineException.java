package io.jenkins.plugins.openmaru.engine;

/** An operation cannot be done in the app's current state (e.g. promote with no rollout in progress). */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
