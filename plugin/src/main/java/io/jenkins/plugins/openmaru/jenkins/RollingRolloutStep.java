package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openmaruRolling(app: 'shop', image: 'registry/shop:2.0', maxSurge: '25%')}: Kubernetes' own rolling
 * update of one Deployment, gated after it completes; a failure rolls the Deployment back.
 */
public final class RollingRolloutStep extends GatedRolloutStep {
    private String maxSurge;
    private String maxUnavailable;

    @DataBoundConstructor
    public RollingRolloutStep(String app, String image) {
        super(app, image);
    }

    public String getMaxSurge() {
        return maxSurge;
    }

    /** A number of pods ({@code 1} or {@code '1'}) or a percentage ({@code '25%'}), as Kubernetes takes it. */
    @DataBoundSetter
    public void setMaxSurge(Object maxSurge) {
        this.maxSurge = StepMaps.text(maxSurge);
    }

    public String getMaxUnavailable() {
        return maxUnavailable;
    }

    /** A number of pods ({@code 1} or {@code '1'}) or a percentage ({@code '25%'}), as Kubernetes takes it. */
    @DataBoundSetter
    public void setMaxUnavailable(Object maxUnavailable) {
        this.maxUnavailable = StepMaps.text(maxUnavailable);
    }

    @Override
    protected StepExecution execution(StepContext context, AppLocation where, String identity) {
        return rollout(context, where, identity, "rolling update", new RollingSpec(maxSurge, maxUnavailable, gates(), policy()));
    }

    @Extension
    @Symbol("openmaruRolling")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruRolling";
        }

        @Override
        public String getDisplayName() {
            return "Rolling update (OPENMARU Delivery)";
        }
    }
}
