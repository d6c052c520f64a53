package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.Future;

/** Stub of workflow-step-api {@code BodyExecution}. */
public abstract class BodyExecution implements Future<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract Collection<StepExecution> getCurrentExecutions();

    /** Overridden by every real body (workflow-cps: stops the block's thread with {@code t}). */
    public boolean cancel(Throwable t) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
