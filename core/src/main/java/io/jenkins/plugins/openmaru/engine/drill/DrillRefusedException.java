package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.engine.EngineException;

/** A drill did not start because someone else is changing the app; names who. */
public final class DrillRefusedException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final String holder;

    public DrillRefusedException(String message, String holder) {
        super(message);
        this.holder = holder;
    }

    /** The identity driving the app (a Jenkins build, a CLI user, another drill). */
    public String holder() {
        return holder;
    }
}
