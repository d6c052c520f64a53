package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.EnumSet;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openmaruRollback(app: 'shop', toRevision: 3)}: an earlier release serves again (default: the one
 * before the current). During a rollout this is an abort, since the stable release already is the previous one.
 */
public final class RollbackStep extends DecisionStep {
    private Integer toRevision;

    @DataBoundConstructor
    public RollbackStep(String app) {
        super(app);
    }

    public Integer getToRevision() {
        return toRevision;
    }

    @DataBoundSetter
    public void setToRevision(Integer toRevision) {
        this.toRevision = toRevision;
    }

    @Override
    protected String verb() {
        return "rollback";
    }

    @Override
    protected EnumSet<RolloutPhase> success() {
        return EnumSet.of(RolloutPhase.ROLLED_BACK, RolloutPhase.ABORTED);
    }

    @Override
    protected DeliveryExecution.Operation operation(Actor actor) {
        return (engine, app) -> engine.rollback(app, toRevision, actor);
    }

    @Extension
    @Symbol("openmaruRollback")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruRollback";
        }

        @Override
        public String getDisplayName() {
            return "Roll back to an earlier release (OPENMARU Delivery)";
        }
    }
}
