package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.EnumSet;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code openmaruPromote(app: 'shop', comment: '...')}: the candidate takes 100 % now, skipping the remaining steps. */
public final class PromoteStep extends DecisionStep {
    @DataBoundConstructor
    public PromoteStep(String app) {
        super(app);
    }

    @Override
    protected String verb() {
        return "promote";
    }

    @Override
    protected EnumSet<RolloutPhase> success() {
        return EnumSet.of(RolloutPhase.PROMOTED);
    }

    @Override
    protected DeliveryExecution.Operation operation(Actor actor) {
        return (engine, app) -> engine.promote(app, actor);
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
