package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import hudson.model.Run;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def s = openmaruStatus(app: 'shop')}: the app's state as a Map (serving image and revision, the
 * current or last rollout, the release history), read from the cluster without changing anything.
 */
public final class StatusStep extends DeliveryStep {
    @DataBoundConstructor
    public StatusStep(String app) {
        super(app);
    }

    @Override
    protected StepExecution execution(StepContext context, AppLocation where, String identity) {
        return new Execution(context, where);
    }

    /** One read on the shared executor; nothing to resume: after a restart it simply reads again. */
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private final String cluster;
        private final String namespace;
        private final String app;

        Execution(StepContext context, AppLocation where) {
            super(context);
            this.cluster = where.cluster();
            this.namespace = where.namespace();
            this.app = where.app().app();
        }

        @Override
        public boolean start() {
            DeliveryExecutor.get().execute(this::read);
            return false;
        }

        @Override
        public void onResume() {
            DeliveryExecutor.get().execute(this::read);
        }

        @Override
        public String getStatus() {
            return "reading the state of " + namespace + "/" + app + " from cluster " + cluster;
        }

        private void read() {
            AppLocation where = new AppLocation(cluster, new io.jenkins.plugins.openmaru.model.AppRef(namespace, app));
            try (ClusterConnection c = DeliveryConfiguration.get().connect(where, getContext().get(Run.class))) {
                getContext().onSuccess(StatusMaps.of(where, c.engine("jenkins-status").status(where.app())));
            } catch (Exception e) {
                getContext().onFailure(e instanceof RuntimeException ? new hudson.AbortException(e.getMessage()) : e);
            }
        }
    }

    @Extension
    @Symbol("openmaruStatus")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruStatus";
        }

        @Override
        public String getDisplayName() {
            return "Delivery status of an app (OPENMARU Delivery)";
        }
    }
}
