package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Run;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step execution whose work, {@code stop()} and watches may race to end it: the step's context is
 * completed exactly once. Holds the step's cluster connection, opened on first use. Nothing here is
 * persisted: after a restart the step completes afresh and reconnects.
 */
abstract class OnceStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private transient AtomicBoolean completed = new AtomicBoolean();
    private transient volatile ClusterConnection connection;

    protected OnceStepExecution(StepContext context) {
        super(context);
    }

    /** Runs {@code r} (the context's onSuccess or onFailure) unless the step was completed before. */
    protected final void complete(Runnable r) {
        if (completed.compareAndSet(false, true)) {
            r.run();
        }
    }

    protected final boolean isCompleted() {
        return completed.get();
    }

    /** The connection to {@code where}'s cluster with the credentials the step's build may use, opened once. */
    protected final synchronized ClusterConnection connection(AppLocation where) {
        if (connection == null) {
            connection = DeliveryConfiguration.get().connect(where, run());
        }
        return connection;
    }

    /**
     * The step's build, read from the context each time: after a restart the context has it before
     * {@code onResume()} runs (a {@code stop()} may come first), while a field of this execution would not.
     */
    protected final Run<?, ?> run() {
        try {
            return getContext().get(Run.class);
        } catch (Exception e) {
            throw new IllegalStateException("the build of this step is gone: " + e.getMessage(), e);
        }
    }

    protected final void closeConnection() {
        ClusterConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    protected Object readResolve() {
        completed = new AtomicBoolean();
        return this;
    }
}
