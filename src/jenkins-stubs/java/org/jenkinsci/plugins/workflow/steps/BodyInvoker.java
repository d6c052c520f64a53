package org.jenkinsci.plugins.workflow.steps;

/** Stub of workflow-step-api {@code BodyInvoker}. */
public abstract class BodyInvoker {
    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyInvoker withDisplayName(String name);

    public abstract BodyExecution start();
}
