package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What every delivery step has: the app, and optionally the cluster and namespace (defaults from the
 * global configuration). Arguments are validated before the execution exists, so a bad argument fails
 * the step with a message naming it and nothing is written to the cluster.
 */
public abstract class DeliveryStep extends ClusterStep {
    private final String app;

    protected DeliveryStep(String app) {
        this.app = app;
    }

    public String getApp() {
        return app;
    }

    @Override
    public final StepExecution start(StepContext context) throws Exception {
        try {
            Run<?, ?> run = context.get(Run.class);
            AppLocation where = DeliveryConfiguration.get().locate(getCluster(), getNamespace(), app);
            return execution(context, where, "jenkins:" + run.getExternalizableId());
        } catch (ValidationException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /**
     * The execution for validated arguments.
     *
     * @param identity who this build is to the engine: the lease holder of rollouts it drives
     */
    protected abstract StepExecution execution(StepContext context, AppLocation where, String identity);

    /** Descriptors of delivery steps: they need the run (for credentials and the build page) and its log. */
    public abstract static class DeliveryStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
