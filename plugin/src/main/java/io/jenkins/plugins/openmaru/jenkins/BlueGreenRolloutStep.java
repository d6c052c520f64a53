package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.Durations;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openmaruBlueGreen(app: 'shop', image: 'registry/shop:2.0')}: deploys the candidate to the idle slot at
 * 0 % (reachable through the preview Route), measures the gates, then switches all traffic at once when
 * promoted (or by itself with {@code autoPromote}). Returns when promoted, fails when aborted.
 */
public final class BlueGreenRolloutStep extends GatedRolloutStep {
    private boolean previewRoute = true;
    private boolean autoPromote;
    private String autoPromoteAfter;

    @DataBoundConstructor
    public BlueGreenRolloutStep(String app, String image) {
        super(app, image);
    }

    public boolean isPreviewRoute() {
        return previewRoute;
    }

    @DataBoundSetter
    public void setPreviewRoute(boolean previewRoute) {
        this.previewRoute = previewRoute;
    }

    public boolean isAutoPromote() {
        return autoPromote;
    }

    @DataBoundSetter
    public void setAutoPromote(boolean autoPromote) {
        this.autoPromote = autoPromote;
    }

    public String getAutoPromoteAfter() {
        return autoPromoteAfter;
    }

    /** A duration such as {@code 10m}, or a whole number of seconds. */
    @DataBoundSetter
    public void setAutoPromoteAfter(Object autoPromoteAfter) {
        this.autoPromoteAfter = StepMaps.duration(autoPromoteAfter);
    }

    /** A duration such as {@code 10m}, or a whole number of seconds: how long the previous slot stays warm after promotion. */
    @DataBoundSetter
    public void setScaleDownDelay(Object scaleDownDelay) {
        scaleDownDelay(scaleDownDelay);
    }

    /** A duration such as {@code 10m}, or a whole number of seconds: how long an aborted candidate keeps running. */
    @DataBoundSetter
    public void setAbortScaleDownDelay(Object abortScaleDownDelay) {
        abortScaleDownDelay(abortScaleDownDelay);
    }

    public String getBake() {
        return bake();
    }

    /** A duration such as {@code 15m}, or a whole number of seconds: how long the gates keep measuring after promotion. */
    @DataBoundSetter
    public void setBake(Object bake) {
        bake(bake);
    }

    @Override
    protected StepExecution execution(StepContext context, AppLocation where, String identity) {
        BlueGreenSpec strategy = new BlueGreenSpec(previewRoute, autoPromote,
                autoPromoteAfter == null ? null : Durations.parse("autoPromoteAfter", autoPromoteAfter), gates(), policy());
        return rollout(context, where, identity, "blue-green", strategy);
    }

    @Extension
    @Symbol("openmaruBlueGreen")
    public static final class DescriptorImpl extends SlotRolloutDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruBlueGreen";
        }

        /** The optional block is the pipeline gate: it runs at each analysis step (docs/gates.md). */
        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Blue/green rollout (OPENMARU Delivery)";
        }
    }
}
