package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.CanarySpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.CanaryStepMaps;
import java.util.List;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openmaruCanary(app: 'shop', image: 'registry/shop:2.0', steps: [[weight: 10], [pause: '2m'], ...])}:
 * rolls the image out to the idle slot and moves traffic step by step; returns when the candidate is
 * promoted, fails when the rollout is aborted (by a gate, a person or the build being stopped).
 */
public final class CanaryRolloutStep extends RolloutStep {
    private Object steps;
    private Integer maxWeight;

    @DataBoundConstructor
    public CanaryRolloutStep(String app, String image) {
        super(app, image);
    }

    public Object getSteps() {
        return steps;
    }

    /** A list of maps: {@code [weight: 10]}, {@code [pause: '2m']}, {@code [pause: 'manual']}, {@code [analysis: ...]}. */
    @DataBoundSetter
    public void setSteps(Object steps) {
        this.steps = steps;
    }

    public Integer getMaxWeight() {
        return maxWeight;
    }

    /** Null (a blank field in the Snippet Generator) means 100. */
    @DataBoundSetter
    public void setMaxWeight(Integer maxWeight) {
        this.maxWeight = maxWeight;
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
        List<?> raw = steps instanceof List<?> l ? l : steps == null ? List.of() : List.of(steps);
        List<CanaryStep> parsed = CanaryStepMaps.parse("steps", raw);
        return rollout(context, where, identity, "canary", maxWeight == null ? new CanarySpec(parsed) : new CanarySpec(parsed, maxWeight));
    }

    @Extension
    @Symbol("openmaruCanary")
    public static final class DescriptorImpl extends SlotRolloutDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruCanary";
        }

        /** The optional block is the pipeline gate: it runs at each analysis step (docs/gates.md). */
        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public String getDisplayName() {
            return "Canary rollout (OPENMARU Delivery)";
        }
    }
}
