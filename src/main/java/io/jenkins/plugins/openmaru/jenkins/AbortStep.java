package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.EnumSet;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code openmaruAbort(app: 'shop', comment: '...')}: traffic back to stable in one write; the candidate is kept for inspection. */
public final class AbortStep extends DeliveryStep {
    private String comment;

    @DataBoundConstructor
    public AbortStep(String app) {
        super(app);
    }

    public String getComment() {
        return comment;
    }

    @DataBoundSetter
    public void setComment(String comment) {
        this.comment = comment;
    }

    @Override
    protected StepExecution execution(StepContext context, AppLocation where, String identity) {
        Actor actor = new Actor(identity, comment);
        return new DeliveryExecution(context, where, identity, "abort", null, EnumSet.of(RolloutPhase.ABORTED),
                (engine, app) -> engine.abort(app, actor));
    }

    @Extension
    @Symbol("openmaruAbort")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruAbort";
        }

        @Override
        public String getDisplayName() {
            return "Abort the rollout (OPENMARU Delivery)";
        }
    }
}
