package io.jenkins.plugins.openmaru.jenkins;

import hudson.AbortException;
import hudson.Extension;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.drill.DrillTrend;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.time.Instant;
import java.util.Map;
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

    /**
     * One read on the shared executor; nothing to resume: after a restart it simply reads again. A stop
     * (the build aborted) may race the read: whichever comes first completes the step, once.
     */
    static final class Execution extends OnceStepExecution {
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
        public void stop(Throwable cause) {
            complete(() -> getContext().onFailure(cause));
        }

        @Override
        public String getStatus() {
            return "reading the state of " + namespace + "/" + app + " from cluster " + cluster;
        }

        private void read() {
            AppLocation where = new AppLocation(cluster, new AppRef(namespace, app));
            Map<String, Object> status;
            try {
                RolloutEngine engine = connection(where).engine("jenkins-status");
                DeliveryState state = engine.status(where.app());
                status = StatusMaps.read(where, engine, state);
                status.put("dora", StatusMaps.dora(new DrillTrend(engine.client()).dora(where.app(), state.history(), Instant.now())));
            } catch (Exception e) {
                complete(() -> getContext().onFailure(e instanceof RuntimeException ? new AbortException(e.getMessage()) : e));
                return;
            } finally {
                closeConnection();
            }
            complete(() -> getContext().onSuccess(status));
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
