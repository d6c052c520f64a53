package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.EnumSet;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code openmaruAbort(app: 'shop', comment: '...')}: traffic back to stable in one write; the candidate is kept for inspection. */
public final class AbortStep extends DecisionStep {
    @DataBoundConstructor
    public AbortStep(String app) {
        super(app);
    }

    @Override
    protected String verb() {
        return "abort";
    }

    @Override
    protected EnumSet<RolloutPhase> success() {
        return EnumSet.of(RolloutPhase.ABORTED);
    }

    @Override
    protected DeliveryExecution.Operation operation(Actor actor) {
        return (engine, app) -> engine.abort(app, actor);
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
