package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/**
 * Stub of workflow-step-api {@code StepExecution}. Like the real class it keeps the context it was
 * created with, and its default {@code stop} fails the step with the given cause.
 */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StepContext context;

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        return context;
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    public void onResume() {
    }

    public String getStatus() {
        return null;
    }
}
