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

/** {@code openmaruPromote(app: 'shop', comment: '...')}: the candidate takes 100 % now, skipping the remaining steps. */
public final class PromoteStep extends DeliveryStep {
    private String comment;

    @DataBoundConstructor
    public PromoteStep(String app) {
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
        return new DeliveryExecution(context, where, identity, "promote", null, EnumSet.of(RolloutPhase.PROMOTED),
                (engine, app) -> engine.promote(app, actor));
    }

    @Extension
    @Symbol("openmaruPromote")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruPromote";
        }

        @Override
        public String getDisplayName() {
            return "Promote the candidate (OPENMARU Delivery)";
        }
    }
}
